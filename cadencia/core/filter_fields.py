"""Filters that refuse ids a database column cannot hold.

A list filter given ``?projects=-47327174531000696…`` reached SQLite, which raised
OverflowError (a server error). Ids beyond 64 bits are now an invalid choice, like any unknown id.
"""

import datetime
from collections.abc import Iterator
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_filters import fields
from django_filters.constants import EMPTY_VALUES
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from django_filters.rest_framework import FilterSet as RestFilterSet

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _in_range(value: Any) -> bool:
    text = str(value).strip()
    if not text.lstrip("+-").isdigit():
        return True  # not an integer: the field's own validation decides
    return INT64_MIN <= int(text) <= INT64_MAX


class ListedChoiceIterator(fields.ModelChoiceIterator):
    """The choices read in one query. Django's iterator reads them through ``iterator()``, which
    on PostgreSQL opens a server-side cursor: three round trips for each filter on each page."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class BoundedModelChoiceField(fields.ModelChoiceField):
    iterator = ListedChoiceIterator

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _in_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(fields.ModelMultipleChoiceField):
    iterator = ListedChoiceIterator

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if not _in_range(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = BoundedModelChoiceField


class ModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = BoundedModelMultipleChoiceField


def _bounded_defaults() -> dict[Any, dict[str, Any]]:
    defaults = dict(FILTER_FOR_DBFIELD_DEFAULTS)
    for field, filter_class in (
        (models.ForeignKey, ModelChoiceFilter),
        (models.OneToOneField, ModelChoiceFilter),
        (models.OneToOneRel, ModelChoiceFilter),
        (models.ManyToManyField, ModelMultipleChoiceFilter),
        (models.ManyToOneRel, ModelMultipleChoiceFilter),
        (models.ManyToManyRel, ModelMultipleChoiceFilter),
    ):
        defaults[field] = {**defaults[field], "filter_class": filter_class}
    return defaults


class FilterSet(RestFilterSet):
    """Base of every filter set (UI and API), and of those DRF builds from ``filterset_fields``."""

    FILTER_DEFAULTS = _bounded_defaults()


class LocalDateFilter(django_filters.DateFilter):
    """A day in the user's time zone, as a range on a date-time column (which its index can
    serve, unlike ``__date``): "from" starts at that day's local midnight, "to" ends at the
    next one. ``bound`` is "from" or "to"."""

    def __init__(self, *args: Any, bound: str = "from", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bound = bound

    def filter(self, qs: Any, value: Any) -> Any:
        if value in EMPTY_VALUES:
            return qs
        if value.year in (datetime.MINYEAR, datetime.MAXYEAR):
            return qs  # the first or last year there is: no bound (and no overflow in UTC)
        day = value if self.bound == "from" else value + datetime.timedelta(days=1)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        lookup = "gte" if self.bound == "from" else "lt"
        return self.get_method(qs)(**{f"{self.field_name}__{lookup}": moment})

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from cadencia.core.filter_fields import FilterSet, ModelChoiceFilter
from cadencia.core.forms import FilterForm
from cadencia.core.models import ChangeLogEntry
from cadencia.core.tenancy import tenancy


def _projects(request: object) -> object:
    return tenancy().projects_for_user(getattr(request, "user", None))


def _content_types(request: object) -> object:
    from auditlog.registry import auditlog

    ids = [ContentType.objects.get_for_model(model).pk for model in auditlog.get_models()]
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


def _users(request: object) -> object:
    return tenancy().users_visible(getattr(request, "user", None))


class ChangeLogFilterSet(FilterSet):
    project = ModelChoiceFilter(label=_("Project"), queryset=_projects, field_name="projects")
    actor = ModelChoiceFilter(label=_("User"), queryset=_users)
    content_type = ModelChoiceFilter(label=_("Object type"), queryset=_content_types)
    action = django_filters.ChoiceFilter(label=_("Action"), choices=ChangeLogEntry.Action.choices)
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=ChangeLogEntry._meta.get_field("source").choices
    )
    since = django_filters.DateFilter(
        label=_("From"), field_name="timestamp", lookup_expr="date__gte"
    )
    until = django_filters.DateFilter(
        label=_("To"), field_name="timestamp", lookup_expr="date__lte"
    )

    class Meta:
        form = FilterForm
        model = ChangeLogEntry
        fields = ["project", "actor", "content_type", "action", "source", "since", "until"]

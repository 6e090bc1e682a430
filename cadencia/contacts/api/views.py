from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cadencia.contacts import services
from cadencia.contacts.api.serializers import (
    CompanySerializer,
    ContactDatabaseSerializer,
    ContactSerializer,
)
from cadencia.contacts.filtersets import ContactFilterSet
from cadencia.contacts.importing.phones import is_region
from cadencia.contacts.models import Company, Contact, ContactDatabase
from cadencia.contacts.selectors import contacts_by_phone, contacts_with_phones
from cadencia.core.api import ScopedModelViewSet
from cadencia.projects.api.ownership import OwnedObjectViewSet


class CompanyViewSet(OwnedObjectViewSet):
    model = Company
    serializer_class = CompanySerializer
    filterset_fields = ["name", "projects"]

    def get_queryset(self) -> Any:
        return Company.objects.prefetch_related("projects").order_by("pk")

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        services.company_save(company=obj, project_ids=project_ids, user=self.acting_user())

    def perform_destroy(self, instance: Company) -> None:
        services.company_delete(company=instance)


class ContactDatabaseViewSet(OwnedObjectViewSet):
    model = ContactDatabase
    serializer_class = ContactDatabaseSerializer
    filterset_fields = ["name", "projects"]

    def get_queryset(self) -> Any:
        return (
            ContactDatabase.objects.prefetch_related("projects")
            .annotate(contact_count=Count("contacts"))
            .order_by("pk")
        )

    def save_object(self, obj: Any, project_ids: set[int]) -> None:
        services.contact_database_save(
            database=obj, project_ids=project_ids, user=self.acting_user()
        )

    def perform_destroy(self, instance: ContactDatabase) -> None:
        services.contact_database_delete(database=instance)


class ContactViewSet(ScopedModelViewSet):
    serializer_class = ContactSerializer
    filterset_class = ContactFilterSet
    ordering = "-pk"

    def get_queryset(self) -> Any:
        return contacts_with_phones()

    def _save(self, serializer: Any) -> None:
        data = serializer.validated_data
        contact = serializer.instance or Contact(database=data["database"])
        if (
            serializer.instance is not None
            and "database" in data
            and data["database"] != contact.database
        ):
            raise serializers.ValidationError(
                {"database": _("A contact cannot move to another database.")}
            )
        try:
            phones = data["phones"] if "phones" in data else list(contact.phones)
            serializer.instance = services.contact_save(
                contact=contact,
                phones=phones,
                fields=data.get("fields", contact.fields),
                external_id=data.get("external_id", contact.external_id),
                company=data.get("company", services.Unchanged.KEEP),
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer)

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer)

    def perform_destroy(self, instance: Contact) -> None:
        services.contact_delete(contact=instance)

    @extend_schema(
        parameters=[
            OpenApiParameter("phone", str, description="Number in any format", required=True),
            OpenApiParameter("region", str, description="Region for national formats, e.g. AR"),
        ],
        responses=ContactSerializer(many=True),
    )
    # A plain list (at most 50): a lookup answers at once, it is not paged or filtered.
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def lookup(self, request: Request) -> Response:
        """Contacts with this phone number, typed in any format (one indexed query)."""
        phone = request.query_params.get("phone", "")
        region = request.query_params.get("region") or None
        if region and not is_region(region):
            raise serializers.ValidationError({"region": _("Not a country code such as AR or ES.")})
        if not phone.strip() or len(phone) > 40:
            raise serializers.ValidationError({"phone": _("Give a phone number.")})
        contacts = contacts_by_phone(phone, region)
        return Response(self.get_serializer(contacts[:50], many=True).data)

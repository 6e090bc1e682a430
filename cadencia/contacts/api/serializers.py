from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadencia.contacts.models import Company, Contact, ContactDatabase
from cadencia.projects.api.ownership import MultiProjectSerializer


class CompanySerializer(MultiProjectSerializer):
    class Meta:
        model = Company
        fields = [
            "id",
            "name",
            "tax_id",
            "phones",
            "email",
            "address",
            "notes",
            "projects",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class ContactDatabaseSerializer(MultiProjectSerializer):
    contact_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ContactDatabase
        fields = [
            "id",
            "name",
            "default_region",
            "columns",
            "mapping",
            "projects",
            "contact_count",
            "created_at",
        ]
        read_only_fields = ["columns", "mapping", "created_at"]


@extend_schema_field(OpenApiTypes.INT)
class ScopedCompanyField(serializers.PrimaryKeyRelatedField):
    """A company id through the scoped manager: another project's company is unknown."""

    def get_queryset(self) -> Any:
        return Company.objects.all()


class ContactSerializer(serializers.ModelSerializer):
    """Phones are E.164 on output; on input any format, read with the database's region.

    ``database`` is looked up through the scoped manager when the request is validated, so
    another project's database id is refused as unknown."""

    phones = serializers.ListField(
        child=serializers.CharField(max_length=40),
        allow_empty=False,
        max_length=20,
        write_only=True,
    )

    company = ScopedCompanyField(required=False, allow_null=True)

    class Meta:
        model = Contact
        fields = [
            "id", "database", "external_id", "fields", "phones", "company", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]

    def to_representation(self, instance: Contact) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["phones"] = list(instance.phones)
        return data

    def validate_fields(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Expected an object keyed by column name."))
        return value

from rest_framework import serializers

from cadencia.contacts.models import ContactDatabase
from cadencia.core.api import MultiProjectSerializer


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

from typing import Any

from django.db.models import Count

from cadencia.contacts import services
from cadencia.contacts.api.serializers import ContactDatabaseSerializer
from cadencia.contacts.models import ContactDatabase
from cadencia.resources.api.views import OwnedObjectViewSet


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
            database=obj, project_ids=project_ids, user=self.request.user
        )

    def perform_destroy(self, instance: ContactDatabase) -> None:
        services.contact_database_delete(database=instance)

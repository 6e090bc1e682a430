from cadencia.campaigns.api.serializers import ScopedFormField
from cadencia.crm.models import ActionType, CrmSettings
from cadencia.projects.api.ownership import SingleProjectSerializer


class ActionTypeSerializer(SingleProjectSerializer):
    form = ScopedFormField(required=False, allow_null=True)

    class Meta:
        model = ActionType
        fields = ["id", "name", "form", "project", "created_at"]
        read_only_fields = ["created_at"]


class CrmSettingsSerializer(SingleProjectSerializer):
    class Meta:
        model = CrmSettings
        fields = ["id", "charge_per_second", "currency", "project"]
        # One per project: the service says so in the project's field.
        validators: list[object] = []

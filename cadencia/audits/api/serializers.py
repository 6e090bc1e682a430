from typing import Any

from rest_framework import serializers

from cadencia.audits.choices import AuditStatus, Decision, EntryKind
from cadencia.audits.models import AuditEntry, AuditExport, AuditItem, ScorecardCriterion


def _id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1, **kwargs)


class AuditItemSerializer(serializers.ModelSerializer[AuditItem]):
    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    agent_username = serializers.CharField(source="agent.username", read_only=True)
    contact_external_id = serializers.CharField(source="contact.external_id", read_only=True)
    option = serializers.CharField(source="disposition.option.name", read_only=True)
    status = serializers.ChoiceField(choices=AuditStatus.choices, read_only=True)

    class Meta:
        model = AuditItem
        fields = [
            "id",
            "status",
            "version",
            "campaign",
            "campaign_name",
            "agent",
            "agent_username",
            "contact",
            "contact_external_id",
            "disposition",
            "option",
            "managed_at",
            "updated_at",
            "decided_at",
            "auditor",
            "note",
            "score",
            "claimed_by",
            "claimed_until",
        ]
        read_only_fields = fields


class StatusCountsSerializer(serializers.Serializer[Any]):
    pending = serializers.IntegerField()
    approved = serializers.IntegerField()
    rejected = serializers.IntegerField()
    observed = serializers.IntegerField()
    resubmitted = serializers.IntegerField()


class QueuePageSerializer(serializers.Serializer[Any]):
    results = AuditItemSerializer(many=True)
    next = serializers.CharField(help_text="Cursor of the next page (``after``); empty at the end.")
    counts = StatusCountsSerializer(help_text="Items per status matching the other filters.")


class AnswerSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    value = serializers.CharField(allow_blank=True)


class RecordingSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    seconds = serializers.FloatField()
    url = serializers.CharField()


class StoryCallSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    direction = serializers.CharField()
    number = serializers.CharField()
    created_at = serializers.DateTimeField()
    duration = serializers.IntegerField(allow_null=True)
    recordings = RecordingSerializer(many=True)


class EntrySerializer(serializers.ModelSerializer[AuditEntry]):
    kind = serializers.ChoiceField(choices=EntryKind.choices, read_only=True)
    actor_username = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "kind",
            "actor",
            "actor_username",
            "from_status",
            "to_status",
            "note",
            "disposition",
            "score",
            "scorecard",
            "created_at",
        ]
        read_only_fields = fields


class ItemDetailSerializer(serializers.Serializer[Any]):
    item = AuditItemSerializer()
    answers = AnswerSerializer(many=True)
    agent_notes = serializers.CharField(allow_blank=True)
    contact_phones = serializers.ListField(child=serializers.CharField())
    contact_fields = serializers.DictField()
    calls = StoryCallSerializer(many=True)
    history = EntrySerializer(many=True)


class ScorecardAnswerSerializer(serializers.Serializer[Any]):
    criterion = _id()
    passed = serializers.BooleanField()


class DecisionRequestSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=Decision.choices)
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    scorecard = serializers.ListField(
        child=ScorecardAnswerSerializer(), required=False, max_length=50
    )


class ClaimRequestSerializer(serializers.Serializer[Any]):
    release = serializers.BooleanField(required=False, default=False)


class CriterionSerializer(serializers.ModelSerializer[ScorecardCriterion]):
    class Meta:
        model = ScorecardCriterion
        fields = ["id", "label", "weight", "critical", "position"]
        read_only_fields = ["id", "position"]
        extra_kwargs = {"label": {"max_length": 200}}


class ScorecardSerializer(serializers.Serializer[Any]):
    criteria = serializers.ListField(child=CriterionSerializer(), max_length=50)


class ExportRequestSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=AuditExport.Kind.choices)
    items = serializers.ListField(child=_id(), required=False, max_length=100_000)
    everything = serializers.BooleanField(
        required=False, default=False, help_text="All the items that match ``filters``."
    )
    filters = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=200),
        required=False,
        help_text="The queue's filters, as in GET /audit/items/ (status, campaign, agent...).",
    )


class ExportSerializer(serializers.ModelSerializer[AuditExport]):
    download = serializers.SerializerMethodField()

    class Meta:
        model = AuditExport
        fields = ["id", "kind", "status", "total", "done", "error", "created_at", "download"]
        read_only_fields = fields

    def get_download(self, export: AuditExport) -> str:
        from django.urls import reverse

        if export.status != AuditExport.Status.DONE:
            return ""
        return reverse("audit-export-file", args=[export.pk])

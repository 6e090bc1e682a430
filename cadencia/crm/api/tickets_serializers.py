"""Serializers of the CRM's work API: tickets, actions, the journal, comments, SMS."""

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadencia.crm.choices import ActionStatus, Priority
from cadencia.crm.models import Comment, JournalEntry, SmsMessage, Ticket, TicketAction

TEXT = 2000


class ActionInSerializer(serializers.Serializer[Any]):
    action_type = serializers.IntegerField(min_value=1)
    subject = serializers.CharField(max_length=200)
    status = serializers.ChoiceField(choices=ActionStatus.choices, default=ActionStatus.PENDING)
    assignee = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    group = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.MEDIUM)
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    due_at = serializers.DateTimeField(required=False, allow_null=True)
    cc = serializers.CharField(required=False, allow_blank=True, max_length=TEXT)
    bcc = serializers.CharField(required=False, allow_blank=True, max_length=TEXT)
    notify_contact = serializers.BooleanField(default=False)
    answers = serializers.DictField(required=False, default=dict)


class ActionPatchSerializer(ActionInSerializer):
    """Only the fields sent change; the type stays."""

    action_type = None  # type: ignore[assignment]
    subject = serializers.CharField(max_length=200, required=False)
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    notify_contact = serializers.BooleanField(required=False)
    answers = serializers.DictField(required=False)


class TicketInSerializer(serializers.Serializer[Any]):
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    project = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    contact = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    call = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    actions = serializers.ListField(child=ActionInSerializer(), min_length=1, max_length=20)


class TicketPatchSerializer(serializers.Serializer[Any]):
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10000)


class JournalSerializer(serializers.ModelSerializer[JournalEntry]):
    class Meta:
        model = JournalEntry
        fields = ["id", "user", "created", "changes", "at"]


class AttachmentRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, attachment: Any) -> str:
        return reverse("crm:attachment", args=[attachment.pk])


class CommentSerializer(serializers.ModelSerializer[Comment]):
    attachments = AttachmentRefSerializer(many=True, read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id", "call", "action", "author", "body", "cc", "bcc", "email_to", "charges",
            "charge_text", "email_status", "email_attempts", "email_error", "created_at",
            "attachments",
        ]  # fmt: skip
        read_only_fields = fields


class CommentInSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=20000)
    cc = serializers.CharField(required=False, allow_blank=True, max_length=TEXT)
    bcc = serializers.CharField(required=False, allow_blank=True, max_length=TEXT)
    email_contact = serializers.BooleanField(default=False)
    add_charges = serializers.BooleanField(default=False)


class ActionSerializer(serializers.ModelSerializer[TicketAction]):
    class Meta:
        model = TicketAction
        fields = [
            "id", "ticket", "action_type", "status", "subject", "assignee", "group", "priority",
            "starts_at", "due_at", "cc", "bcc", "notify_contact", "answers", "form_version",
            "created_by", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ActionDetailSerializer(ActionSerializer):
    journal = JournalSerializer(many=True, read_only=True)
    comments = CommentSerializer(many=True, read_only=True)

    class Meta(ActionSerializer.Meta):
        fields = [*ActionSerializer.Meta.fields, "journal", "comments"]
        read_only_fields = fields


class TicketSerializer(serializers.ModelSerializer[Ticket]):
    pending = serializers.IntegerField(read_only=True)

    class Meta:
        model = Ticket
        fields = [
            "id", "project", "subject", "description", "contact", "company", "call",
            "opened_by", "is_open", "pending", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class TicketDetailSerializer(TicketSerializer):
    actions = ActionDetailSerializer(many=True, read_only=True)

    class Meta(TicketSerializer.Meta):
        fields = [*TicketSerializer.Meta.fields, "actions"]
        read_only_fields = fields


class SmsSerializer(serializers.ModelSerializer[SmsMessage]):
    class Meta:
        model = SmsMessage
        fields = [
            "id", "project", "contact", "number", "direction", "body", "status", "error",
            "sent_by", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class SmsInSerializer(serializers.Serializer[Any]):
    contact = serializers.IntegerField(min_value=1)
    number = serializers.CharField(max_length=20)
    body = serializers.CharField(max_length=1600)

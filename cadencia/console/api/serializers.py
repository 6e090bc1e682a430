from typing import Any

from rest_framework import serializers

from cadencia.console.choices import REQUESTED_STATES, AgentState
from cadencia.console.models import Call, Disposition


def _id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1, **kwargs)


class CallSerializer(serializers.ModelSerializer[Call]):
    recordings = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = [
            "id",
            "campaign",
            "direction",
            "state",
            "agent",
            "contact",
            "number",
            "dialed",
            "caller_id",
            "created_at",
            "answered_at",
            "ended_at",
            "duration",
            "hangup_cause",
            "queue_wait",
            "disposition_status",
            "recordings",
        ]

    def get_recordings(self, call: Call) -> list[int]:
        return [r.pk for r in call.recordings.all()]


class StateSerializer(serializers.Serializer[Any]):
    """The agent's console as it is now: what a client shows after a reload or a reconnect."""

    logged_in = serializers.BooleanField()
    state = serializers.ChoiceField(choices=AgentState.choices)
    pause_reason = serializers.IntegerField(allow_null=True)
    since = serializers.DateTimeField(allow_null=True)
    campaigns = serializers.ListField(child=serializers.IntegerField())
    call = CallSerializer(allow_null=True)
    pending = CallSerializer(many=True)
    last_event = serializers.IntegerField()


class SessionSerializer(serializers.Serializer[Any]):
    campaigns = serializers.ListField(child=_id(), min_length=1, max_length=100)


class StateRequestSerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(choices=REQUESTED_STATES)
    pause_reason = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True
    )


class DialSerializer(serializers.Serializer[Any]):
    campaign = _id()
    number = serializers.CharField(max_length=40)
    contact = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True
    )


class CallActionSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(
        choices=["answer", "hangup", "hold", "unhold", "transfer", "dtmf", "record", "stop_record"]
    )
    to = serializers.CharField(max_length=40, required=False, default="")
    attended = serializers.BooleanField(required=False, default=False)
    digits = serializers.CharField(max_length=20, required=False, default="")


class DispositionRequestSerializer(serializers.Serializer[Any]):
    calls = serializers.ListField(child=_id(), min_length=1, max_length=50)
    contact = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True
    )
    option = _id()
    answers = serializers.DictField(required=False, default=dict)
    notes = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)
    callback_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    callback_same_agent = serializers.BooleanField(required=False, default=False)


class DispositionSerializer(serializers.ModelSerializer[Disposition]):
    calls: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Disposition
        fields = [
            "id",
            "campaign",
            "contact",
            "agent",
            "option",
            "form_version",
            "answers",
            "notes",
            "callback_at",
            "callback_same_agent",
            "calls",
            "is_current",
            "created_at",
        ]


class InjectSerializer(serializers.Serializer[Any]):
    campaign = _id()
    caller = serializers.CharField(max_length=40)


class InjectedSerializer(serializers.Serializer[Any]):
    call = serializers.IntegerField()


class ClickToCallSerializer(serializers.Serializer[Any]):
    """A customer's system asks an agent to call: ids as that system knows them."""

    campaign = serializers.CharField(max_length=100, help_text="The campaign's ID in your system.")
    agent = serializers.CharField(max_length=100, help_text="The agent's ID in your system.")
    number = serializers.CharField(max_length=40)
    contact_external_id = serializers.CharField(max_length=100, required=False, default="")


class ExternalDispositionSerializer(serializers.Serializer[Any]):
    campaign = serializers.CharField(max_length=100)
    agent = serializers.CharField(max_length=100)
    call = _id()
    option = serializers.CharField(max_length=100, help_text="The disposition's name.")
    answers = serializers.DictField(required=False, default=dict)
    notes = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)
    callback_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

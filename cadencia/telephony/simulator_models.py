"""The simulator connector's own state: its calls and queues, as a phone system keeps them.

Rows, not memory, so the web processes that ask for calls and the process that runs the
simulated world's clock (``manage.py telephony_simulator``, or ``make run``'s) share them on
any database. Nothing outside ``connectors/simulator.py`` reads these tables.
"""

from django.db import models


class SimulatedCall(models.Model):
    class State(models.TextChoices):
        DIALING = "dialing"
        RINGING = "ringing"
        QUEUED = "queued"
        OFFERED = "offered"
        UP = "up"
        ENDED = "ended"

    ref = models.CharField(max_length=64, unique=True)
    direction = models.CharField(max_length=3)  # "out" / "in"
    number = models.CharField(max_length=40)
    caller_id = models.CharField(max_length=40, blank=True)
    agent = models.CharField(max_length=40, blank=True)
    queue = models.CharField(max_length=40, blank=True)
    state = models.CharField(max_length=10, choices=State.choices)
    # The simulated customer's plan: what happens next, and when.
    next_action = models.CharField(max_length=20, blank=True)
    next_at = models.DateTimeField(null=True, db_index=True)
    talk_seconds = models.FloatField(null=True)
    ring_timeout = models.PositiveSmallIntegerField(default=30)
    offered_to = models.JSONField(default=list)
    record = models.BooleanField(default=False)
    recording_since = models.DateTimeField(null=True)
    recorded_seconds = models.FloatField(default=0)
    on_hold = models.BooleanField(default=False)
    transfer_to = models.CharField(max_length=40, blank=True)
    digits = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    queued_at = models.DateTimeField(null=True)
    answered_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [models.Index(fields=["queue", "state", "queued_at"], name="telephony_sim_queue")]

    def __str__(self) -> str:
        return f"{self.ref} {self.state}"


class SimulatedQueue(models.Model):
    queue = models.CharField(max_length=40, unique=True)
    strategy = models.CharField(max_length=20)
    max_wait = models.PositiveIntegerField()
    on_timeout = models.CharField(max_length=10)
    overflow_queue = models.CharField(max_length=40, blank=True)
    record = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.queue


class SimulatedQueueMember(models.Model):
    queue = models.CharField(max_length=40)
    agent = models.CharField(max_length=40)
    available = models.BooleanField(default=True)
    calls_taken = models.PositiveIntegerField(default=0)
    idle_since = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["queue", "agent"], name="telephony_sim_member")
        ]

    def __str__(self) -> str:
        return f"{self.agent}@{self.queue}"

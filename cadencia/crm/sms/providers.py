"""The SMS provider interface and its two implementations.

A provider sends a message, reports its delivery status when asked, and reads the two webhooks
it calls (an inbound message, a status change) after checking their signature. The embedded
default is a simulated provider that delivers at once; ``TwilioProvider`` speaks Twilio's REST
API (``TWILIO_API_URL``, a local fake in the tests). A dialer-grade provider plugs in here: the
services, pages and events never name one.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from django.conf import settings

from cadencia.crm.choices import SmsStatus


class SmsError(Exception):
    """The provider refused or could not be reached."""


class SignatureError(Exception):
    """A webhook whose signature does not match: not from the provider."""


@dataclass(frozen=True)
class Sent:
    provider_id: str
    status: str


@dataclass(frozen=True)
class Inbound:
    sender: str
    recipient: str
    body: str
    provider_id: str


@dataclass(frozen=True)
class StatusReport:
    provider_id: str
    status: str
    error: str = ""


class SmsProvider(Protocol):
    name: str

    def send(self, *, to: str, sender: str, body: str, status_url: str) -> Sent: ...

    def status(self, provider_id: str) -> StatusReport: ...

    def inbound(self, *, url: str, params: Mapping[str, str], signature: str) -> Inbound: ...

    def status_report(
        self, *, url: str, params: Mapping[str, str], signature: str
    ) -> StatusReport: ...

    def sign(self, url: str, params: Mapping[str, str]) -> str: ...


def _signed_text(url: str, params: Mapping[str, str]) -> bytes:
    # Twilio's scheme, which the simulator follows too: the full URL, then each parameter's
    # name and value in name order.
    return (url + "".join(f"{k}{params[k]}" for k in sorted(params))).encode()


class _Signed:
    secret: str
    digest = "sha1"

    def sign(self, url: str, params: Mapping[str, str]) -> str:
        mac = hmac.new(self.secret.encode(), _signed_text(url, params), self.digest)
        return base64.b64encode(mac.digest()).decode()

    def verify(self, url: str, params: Mapping[str, str], signature: str) -> None:
        if not self.secret or not hmac.compare_digest(self.sign(url, params), signature or ""):
            raise SignatureError


class SimulatedProvider(_Signed):
    """Delivers every message at once; replies are simulated from the conversation page."""

    name = "simulated"
    digest = "sha256"

    def __init__(self) -> None:
        self.secret = settings.SMS_WEBHOOK_SECRET

    def send(self, *, to: str, sender: str, body: str, status_url: str) -> Sent:
        return Sent(f"SIM{secrets.token_hex(12)}", SmsStatus.DELIVERED)

    def status(self, provider_id: str) -> StatusReport:
        return StatusReport(provider_id, SmsStatus.DELIVERED)

    def inbound(self, *, url: str, params: Mapping[str, str], signature: str) -> Inbound:
        self.verify(url, params, signature)
        return _inbound(params)

    def status_report(self, *, url: str, params: Mapping[str, str], signature: str) -> StatusReport:
        self.verify(url, params, signature)
        return _report(params)


# Twilio's message statuses, in ours.
TWILIO_STATUSES = {
    "accepted": SmsStatus.QUEUED,
    "scheduled": SmsStatus.QUEUED,
    "queued": SmsStatus.QUEUED,
    "sending": SmsStatus.QUEUED,
    "sent": SmsStatus.SENT,
    "delivered": SmsStatus.DELIVERED,
    "read": SmsStatus.DELIVERED,
    "undelivered": SmsStatus.FAILED,
    "failed": SmsStatus.FAILED,
    "canceled": SmsStatus.FAILED,
    "received": SmsStatus.RECEIVED,
}


def _inbound(params: Mapping[str, str]) -> Inbound:
    return Inbound(
        sender=params.get("From", ""),
        recipient=params.get("To", ""),
        body=params.get("Body", ""),
        provider_id=params.get("MessageSid", ""),
    )


def _report(params: Mapping[str, str]) -> StatusReport:
    status = TWILIO_STATUSES.get(params.get("MessageStatus", ""), SmsStatus.QUEUED)
    error = params.get("ErrorCode", "")
    return StatusReport(params.get("MessageSid", ""), status, f"error {error}" if error else "")


class TwilioProvider(_Signed):
    """Twilio's Programmable Messaging REST API (2010-04-01)."""

    name = "twilio"

    def __init__(self) -> None:
        self.account = settings.TWILIO_ACCOUNT_SID
        self.secret = settings.TWILIO_AUTH_TOKEN
        base = settings.TWILIO_API_URL.rstrip("/")
        self.messages = f"{base}/2010-04-01/Accounts/{self.account}/Messages"

    def _call(self, method: str, url: str, data: Mapping[str, str] | None = None) -> dict[str, Any]:
        try:
            response = httpx.request(
                method, url, data=data, auth=(self.account, self.secret), timeout=10
            )
        except httpx.HTTPError as exc:
            raise SmsError(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code >= 400:
            try:
                detail = response.json().get("message", "")
            except ValueError:
                detail = response.text[:200]
            raise SmsError(f"HTTP {response.status_code}: {detail}")
        answer: dict[str, Any] = response.json()
        return answer

    def send(self, *, to: str, sender: str, body: str, status_url: str) -> Sent:
        data = {"To": to, "From": sender, "Body": body}
        if status_url:
            data["StatusCallback"] = status_url
        answer = self._call("POST", f"{self.messages}.json", data)
        return Sent(str(answer["sid"]), TWILIO_STATUSES.get(answer.get("status", ""), "queued"))

    def status(self, provider_id: str) -> StatusReport:
        answer = self._call("GET", f"{self.messages}/{provider_id}.json")
        error = answer.get("error_code")
        return StatusReport(
            provider_id,
            TWILIO_STATUSES.get(answer.get("status", ""), SmsStatus.QUEUED),
            f"error {error}" if error else "",
        )

    def inbound(self, *, url: str, params: Mapping[str, str], signature: str) -> Inbound:
        self.verify(url, params, signature)
        return _inbound(params)

    def status_report(self, *, url: str, params: Mapping[str, str], signature: str) -> StatusReport:
        self.verify(url, params, signature)
        return _report(params)


PROVIDERS: dict[str, type[SimulatedProvider] | type[TwilioProvider]] = {
    "simulated": SimulatedProvider,
    "twilio": TwilioProvider,
}


def sms_provider() -> SmsProvider:
    return PROVIDERS[settings.SMS_PROVIDER]()

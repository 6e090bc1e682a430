"""Secrets kept in the database (SIP credentials), encrypted with Fernet (cryptography).

Keys come from ``settings.FIELD_ENCRYPTION_KEYS`` (the first encrypts, all decrypt, so a key
can be rotated); without it one key is derived from ``SECRET_KEY``, enough for ``make run``.
"""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionError(ValueError):
    """A stored secret no key can read (the keys changed)."""


def _derived_key() -> bytes:
    digest = hashlib.sha256(b"cadencia-field-encryption:" + settings.SECRET_KEY.encode()).digest()
    return base64.urlsafe_b64encode(digest)


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    chosen = [k.encode() for k in keys] or [_derived_key()]
    return MultiFernet([Fernet(k) for k in chosen])


def _current() -> MultiFernet:
    return _fernet(tuple(getattr(settings, "FIELD_ENCRYPTION_KEYS", ()) or ()))


def encrypt(text: str) -> str:
    return _current().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("no configured key can read this secret") from exc

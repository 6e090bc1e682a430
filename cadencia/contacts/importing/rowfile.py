"""The file of checked rows between an import's check and its write.

One line per valid row, already in PostgreSQL's COPY text format for the contact's columns
(external_id, phones, fields), so that a write with nothing to compare streams the file into COPY
without looking at its lines:

    external id <TAB> phones as a JSON list <TAB> fields as JSON
"""

import json
from json.encoder import encode_basestring
from typing import Any, NamedTuple

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_UNESCAPES = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}
_SPECIAL = ("\\", "\t", "\n", "\r")


def copy_escape(value: str) -> str:
    """A value for COPY's text format (most values need nothing: checked before translating)."""
    if any(char in value for char in _SPECIAL):
        return value.translate(_COPY_ESCAPES)
    return value


def copy_unescape(value: str) -> str:
    if "\\" not in value:
        return value
    out = []
    i = 0
    while i < len(value):
        pair = value[i : i + 2]
        if pair in _COPY_UNESCAPES:
            out.append(_COPY_UNESCAPES[pair])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def json_string(value: str) -> str:
    """A string as JSON, non-ASCII kept: what ``json.dumps(value, ensure_ascii=False)`` gives,
    from the json module's own (C) string encoder, without its per-call setup."""
    encoded: str = encode_basestring(value)
    return encoded


def encode(external_id: str, phones: list[str], fields_json: str) -> str:
    # JSON escapes control characters itself, so only its backslashes need COPY's escaping.
    # E.164 numbers are "+" and digits: nothing to escape in them.
    if "\\" in fields_json:
        fields_json = fields_json.replace("\\", "\\\\")
    numbers = '","'.join(phones)
    return f'{copy_escape(external_id)}\t["{numbers}"]\t{fields_json}\n'


class CheckedLine(NamedTuple):
    """A line of the file, split: ``external_id`` and ``fields`` are still COPY-escaped,
    ``phones_json`` is the phones as the file holds them (a JSON list)."""

    external_id: str
    phones: list[str]
    phones_json: str
    fields: str

    @classmethod
    def parse(cls, line: str) -> "CheckedLine":
        external_id, phones, fields = line.rstrip("\n").split("\t")
        return cls(external_id, phones[2:-2].split('","'), phones, fields)

    def external_id_text(self) -> str:
        return copy_unescape(self.external_id)

    def fields_dict(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(copy_unescape(self.fields))
        return value

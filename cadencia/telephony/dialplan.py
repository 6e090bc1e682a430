"""Dial patterns of outbound routes, in the notation PBX administrators know (Asterisk's):
``X`` any digit, ``Z`` 1-9, ``N`` 2-9, ``[1-5]`` a set, ``.`` one or more of anything, other
characters literal. ``strip`` removes leading digits, ``prepend`` adds a prefix."""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PATTERN = re.compile(r"^(?:[0-9XZN*#+]|\[[0-9-]+\])+\.?$")
PREPEND = re.compile(r"^[0-9*#+]{0,20}$")
MAX_PATTERNS = 100


def _regex(pattern: str) -> re.Pattern[str]:
    out, i = "", 0
    while i < len(pattern):
        char = pattern[i]
        if char == "X":
            out += "[0-9]"
        elif char == "Z":
            out += "[1-9]"
        elif char == "N":
            out += "[2-9]"
        elif char == "[":
            end = pattern.index("]", i)
            out += f"[{pattern[i + 1 : end]}]"
            i = end
        elif char == ".":
            out += ".+"
        else:
            out += re.escape(char)
        i += 1
    return re.compile(f"^{out}$")


def patterns_clean(rules: Any) -> list[dict[str, Any]]:
    """The normalised list of ``{"pattern", "strip", "prepend"}``, or an error naming the rule."""
    if not isinstance(rules, list) or not rules:
        raise ValidationError(_("List at least one dial pattern."))
    if len(rules) > MAX_PATTERNS:
        raise ValidationError(_("At most %(n)d dial patterns.") % {"n": MAX_PATTERNS})
    cleaned = []
    for number, rule in enumerate(rules, 1):
        where = _("Pattern %(n)d") % {"n": number}
        if not isinstance(rule, dict):
            raise ValidationError(_("%(where)s: expected an object.") % {"where": where})
        pattern = str(rule.get("pattern", "")).strip()
        if not PATTERN.match(pattern) or len(pattern) > 40:
            raise ValidationError(
                _(
                    "%(where)s: “%(pattern)s” is not a dial pattern "
                    "(X, Z, N, [1-5], digits, a final .)."
                )
                % {"where": where, "pattern": pattern[:50]}
            )
        strip = rule.get("strip", 0)
        if isinstance(strip, bool) or not isinstance(strip, int) or not 0 <= strip <= 20:
            raise ValidationError(_("%(where)s: strip 0 to 20 digits.") % {"where": where})
        prepend = str(rule.get("prepend", "") or "")
        if not PREPEND.match(prepend):
            raise ValidationError(
                _("%(where)s: the prefix may have digits, * # and + only.") % {"where": where}
            )
        cleaned.append({"pattern": pattern, "strip": strip, "prepend": prepend})
    return cleaned


@dataclass(frozen=True)
class Dial:
    pattern: str
    number: str


def dial_for(rules: list[dict[str, Any]], number: str) -> Dial | None:
    """The first rule matching ``number`` and the number it would send, or None."""
    digits = re.sub(r"[\s().-]", "", number)
    for rule in rules:
        if _regex(rule["pattern"]).match(digits):
            return Dial(rule["pattern"], rule["prepend"] + digits[rule["strip"] :])
    return None

"""Routes that tests declare they exercise, with ``@pytest.mark.covers("app:route", ...)``.

The meta-test imports every test module and reads the marks of its functions, classes and the
module itself, so coverage is declared where the test is, not inferred from a string in a file.
"""

import importlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from django.conf import settings

TEST_ROOTS = ("cadencia", "tests")


def _test_modules() -> Iterator[ModuleType]:
    base = Path(settings.BASE_DIR)
    for root in TEST_ROOTS:
        for path in sorted((base / root).rglob("test_*.py")):
            dotted = ".".join(path.relative_to(base).with_suffix("").parts)
            yield importlib.import_module(dotted)


def _marks(obj: Any) -> Iterable[Any]:
    marks = getattr(obj, "pytestmark", [])
    return marks if isinstance(marks, list) else [marks]


def _covered_by(obj: Any) -> Iterator[str]:
    for mark in _marks(obj):
        if mark.name == "covers":
            yield from mark.args


def declared_coverage() -> dict[str, list[str]]:
    """Route name → the tests that declare they cover it."""
    found: dict[str, list[str]] = {}
    for module in _test_modules():
        holders: list[tuple[str, Any]] = [(module.__name__, module)]
        for name, value in vars(module).items():
            if name.startswith(("test_", "Test")) and getattr(value, "__module__", "") == (
                module.__name__
            ):
                holders.append((f"{module.__name__}::{name}", value))
                if isinstance(value, type):
                    holders.extend(
                        (f"{module.__name__}::{name}::{attr}", member)
                        for attr, member in vars(value).items()
                        if attr.startswith("test_")
                    )
        for where, holder in holders:
            for route in _covered_by(holder):
                found.setdefault(route, []).append(where)
    return found

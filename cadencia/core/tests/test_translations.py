from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "cadencia" / "locale" / "es" / "LC_MESSAGES" / "django.po"


def test_spanish_catalog_is_complete_and_not_fuzzy() -> None:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    assert not catalog.fuzzy
    untranslated, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == []
    assert fuzzy == []


def test_spanish_catalog_is_compiled() -> None:
    assert CATALOG.with_suffix(".mo").exists(), "run `make messages`"

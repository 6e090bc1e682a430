"""Helpers shared by the import tests: a file to upload, its check, its import."""

from pathlib import Path
from typing import Any

from cadencia.contacts import services
from cadencia.contacts.importing.validate import Mapping
from cadencia.contacts.models import ContactDatabase, ContactImport

HEADER = "nombre,telefono,celular,id_cliente,deuda,vence\n"
MAPPING = Mapping(["telefono", "celular"], "id_cliente", {"deuda": "number", "vence": "date"})


def write_file(tmp_path: Path, text: str | bytes, name: str = "list.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def check_upload(database: ContactDatabase, path: Path, **options: Any) -> ContactImport:
    mapping = options.pop("mapping", MAPPING)
    return services.contact_import_validate(
        database=database,
        path=path,
        filename=path.name,
        options=services.ImportOptions(mapping=mapping, **options),
        user=None,
    )


def run_import(database: ContactDatabase, path: Path, **options: Any) -> ContactImport:
    return services.contact_import_execute(contact_import=check_upload(database, path, **options))

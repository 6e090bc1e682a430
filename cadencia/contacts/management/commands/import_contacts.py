"""Import a CSV/XLSX file into a contact database from the command line.

Same code path as the web import: validate every row, print the report, then write everything
in one transaction (or nothing with --dry-run). Exits non-zero when nothing could be imported.
"""

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from cadencia.contacts import services
from cadencia.contacts.choices import DuplicateKey, DuplicatePolicy, ImportMode
from cadencia.contacts.importing.phones import PhonePolicy
from cadencia.contacts.importing.validate import Mapping
from cadencia.contacts.models import ContactDatabase
from cadencia.core.management.base import ScopedCommand
from cadencia.projects.models import Project


def _csv_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class Command(ScopedCommand):
    help = "Import contacts from a CSV or XLSX file into a contact database."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", required=True, help="Contact database name.")
        parser.add_argument("--region", default="", help="Default phone region, e.g. AR, ES.")
        parser.add_argument(
            "--phones",
            required=True,
            type=_csv_list,
            help="COL[,COL...], in order: the first is the main number.",
        )
        parser.add_argument(
            "--phone-policy",
            choices=PhonePolicy.values,
            default=PhonePolicy.STRICT,
            help="strict: reject numbers that cannot be validated; keep: keep them as dialed "
            "(unverified).",
        )
        parser.add_argument("--external-id", default="", help="Column with the external ID.")
        parser.add_argument(
            "--types", default="", type=_csv_list, help="COL=number|date|time|text,..."
        )
        parser.add_argument(
            "--duplicates", choices=DuplicatePolicy.values, default=DuplicatePolicy.SKIP
        )
        parser.add_argument(
            "--duplicate-key", choices=DuplicateKey.values, default=DuplicateKey.PHONE
        )
        parser.add_argument("--mode", choices=ImportMode.values, default=ImportMode.APPEND)
        parser.add_argument("--no-header", action="store_true", help="The first row is data.")
        parser.add_argument("--sheet", default=None, help="XLSX sheet name.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report only.")

    def _database(self, name: str, region: str, projects: list[str]) -> ContactDatabase:
        database = ContactDatabase.objects.filter(name=name).first()
        if database is not None:
            return database
        # --project names were checked by ScopedCommand; the operator may use every project.
        project_ids = set(Project.objects.filter(name__in=projects).values_list("pk", flat=True))
        database = ContactDatabase(name=name, default_region=region or "AR")
        try:
            return services.contact_database_save(
                database=database, project_ids=project_ids, user=None
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc

    def handle_scoped(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        types = dict(item.split("=", 1) for item in options["types"] if "=" in item)
        mapping = Mapping(
            options["phones"], options["external_id"], types, phone_policy=options["phone_policy"]
        )
        import_options = services.ImportOptions(
            mapping=mapping,
            duplicates=options["duplicates"],
            duplicate_key=options["duplicate_key"],
            mode=options["mode"],
            has_header=False if options["no_header"] else None,
            sheet=options["sheet"],
        )
        database = self._database(options["database"], options["region"], options["project"])
        if options["region"] and options["region"] != database.default_region:
            try:
                services.contact_database_set_region(database=database, region=options["region"])
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
        started = time.monotonic()
        try:
            contact_import = services.contact_import_validate(
                database=database,
                path=path,
                filename=path.name,
                options=import_options,
                user=None,
                progress=lambda n: self.stderr.write(f"  validated {n:,} rows"),
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self._report(contact_import, time.monotonic() - started)
        if options["dry_run"]:
            services.contact_import_cancel(contact_import=contact_import)
            self.stdout.write("Dry run: nothing was written.")
            if contact_import.rows_valid == 0:
                raise CommandError("No valid rows.")
            return
        if contact_import.rows_valid == 0:
            services.contact_import_cancel(contact_import=contact_import)
            raise CommandError("Nothing could be imported: no valid rows.")
        started = time.monotonic()
        contact_import = services.contact_import_execute(
            contact_import=contact_import,
            progress=lambda n: self.stderr.write(f"  written {n:,} rows"),
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Imported into “{database}”: {contact_import.created:,} created, "
            f"{contact_import.updated:,} updated, {contact_import.skipped:,} duplicates skipped "
            f"in {elapsed:.1f} s."
        )
        if contact_import.created + contact_import.updated == 0:
            raise CommandError("Nothing was imported: every row was a duplicate.")

    def _report(self, contact_import: Any, elapsed: float) -> None:
        self.stdout.write(
            f"Rows read: {contact_import.rows_read:,}; valid: {contact_import.rows_valid:,}; "
            f"rejected: {contact_import.rows_rejected:,} ({elapsed:.1f} s)."
        )
        if contact_import.existing:
            self.stdout.write(
                f"Already in the database: {contact_import.existing:,} "
                f"(duplicates: {contact_import.duplicates}, by {contact_import.duplicate_key})."
            )
        for reason, count in sorted(contact_import.reasons().items()):
            self.stdout.write(f"  {reason}: {count:,}")
        for problem in contact_import.report()[:20]:
            kind = "rejected" if problem["rejected"] else "dropped"
            self.stdout.write(
                f"  row {problem['row']}, {problem['column'] or '-'}: "
                f"“{problem['value']}” {problem['reason']} ({kind})"
            )

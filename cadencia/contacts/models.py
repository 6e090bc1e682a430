import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cadencia.contacts.fields import PhoneListField
from cadencia.contacts.importing.phones import KEPT_AS_DIALED, is_region
from cadencia.contacts.importing.validate import describe
from cadencia.core.scoping import ScopedManager
from cadencia.projects.ownership import MultiProjectModel


def validate_region(value: str) -> None:
    if not is_region(value):
        raise ValidationError(
            _("“%(value)s” is not a country code such as AR, ES, MX or US."),
            params={"value": value},
        )


class ContactDatabase(MultiProjectModel):
    """An uploaded list of contacts (a "base de datos de contactos")."""

    name = models.CharField(_("name"), max_length=100)
    default_region = models.CharField(
        _("default phone region"),
        max_length=2,
        default="AR",
        validators=[validate_region],
        help_text=_("Country used to read national phone numbers, e.g. AR, ES, MX, US."),
    )
    # [{"name": "first_name", "type": "text"}, ...] for the non-phone, non-id columns.
    columns = models.JSONField(_("columns"), default=list, blank=True)
    # The last upload's choices, offered again next time.
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set by the delete service for the change log (not stored).
    contacts_deleted: int | None = None

    class Meta:
        verbose_name = _("contact database")
        verbose_name_plural = _("contact databases")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict[str, Any] | None:
        """Extra facts for the change log (django-auditlog calls this): how many contacts a
        delete removed with the database, as they are not logged one by one."""
        if self.contacts_deleted is None:
            return None
        return {"contacts_deleted": self.contacts_deleted}


class Company(MultiProjectModel):
    """An organisation contacts belong to (the seed's "Compañía"). Shared by projects like a
    contact database: a contact may only point at a company every project of its database sees
    (``services.contact_company_check``), so no project reads a company it does not own."""

    name = models.CharField(_("name"), max_length=150)
    tax_id = models.CharField(_("tax ID"), max_length=40, blank=True)
    phones = models.TextField(
        _("phones"), blank=True, max_length=500, help_text=_("One per line, as dialled.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True, max_length=500)
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def phone_list(self) -> list[str]:
        return [line.strip() for line in self.phones.splitlines() if line.strip()]


# The GIN index on Contact.phones (PostgreSQL), created by migration 0005.
PHONES_INDEX = "contacts_contact_phones"

# Column names that hold a person's or company's name, in the seeds' languages.
NAME_WORDS = ("name", "nombre", "apellido", "surname", "empresa", "company", "razon")


def contact_name(fields: dict[str, Any], external_id: str, pk: int | None) -> str:
    """How a contact is named: its name columns, else its external ID, else its number (for
    rows read without building the model, as downloads do)."""
    name = " ".join(
        str(value)
        for key, value in fields.items()
        if value and any(word in key.lower() for word in NAME_WORDS)
    )
    return name or external_id or f"#{pk}"


class Contact(models.Model):
    # No database-level foreign key: its per-row check cost an import of a million contacts
    # ~4 s at commit. Writers take the same lock the check would, once (``lock_database``),
    # and deleting a database locks it first, so neither can leave a contact without one.
    database = models.ForeignKey(
        ContactDatabase,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("contact database"),
        db_constraint=False,
    )
    external_id = models.CharField(_("external ID"), max_length=100, blank=True)
    # E.164 numbers, the main one first. In the contact's own row: an import writes one row
    # per contact, with no per-phone row, key, foreign-key check or B-tree insert (a separate
    # phone table made up ~20 s of a million-row import, docs/decisions.md). Found by
    # ``phones__has_phone``, a GIN index on PostgreSQL.
    phones = PhoneListField(_("phone numbers"), default=list)
    # Keyed by column name, never positional: {"first_name": "Ana", "debt": 1200.5}
    fields = models.JSONField(_("fields"), default=dict, blank=True)
    company = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("company"),
        db_index=False,  # led by company: contacts_contact_company_rows
    )
    # The contact's last call or disposition, and the name of that disposition: kept by the
    # console's services (contacts.services.contact_activity) so the contact search filters
    # and shows them without reading calls.
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    last_disposition = models.CharField(
        _("disposition"), max_length=100, blank=True, default="", db_default=""
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects: ScopedManager[Any] = ScopedManager("database")

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["database", "external_id"],
                condition=~models.Q(external_id=""),
                name="contacts_contact_unique_external_id",
            )
        ]
        indexes = [
            models.Index(fields=["database", "last_activity_at"], name="contacts_contact_activity"),
            # With the id: the search's pages are in id order within a database.
            models.Index(
                fields=["database", "last_disposition", "id"], name="contacts_contact_disposition"
            ),
            # A company's contacts in the search's order (database, id): its pages stop at 50.
            models.Index(
                fields=["company", "database", "id"], name="contacts_contact_company_rows"
            ),
            # The contact search's keyset pages (selectors.contacts_page).
            models.Index(fields=["database", "id"], name="contacts_contact_newest"),
        ]

    def __str__(self) -> str:
        return contact_name(self.fields, self.external_id, self.pk)

    def project_ids(self) -> list[int]:
        return self.database.project_ids()


class ContactImport(models.Model):
    """One upload into a contact database: its choices, validation report and outcome."""

    class Status(models.TextChoices):
        VALIDATING = "validating", _("Validating")
        VALIDATED = "validated", _("Validated")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    database = models.ForeignKey(
        ContactDatabase,
        on_delete=models.CASCADE,
        related_name="imports",
        verbose_name=_("contact database"),
    )
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    mode = models.CharField(_("mode"), max_length=10)
    duplicates = models.CharField(_("duplicates"), max_length=10)
    duplicate_key = models.CharField(_("duplicate key"), max_length=20)
    mapping = models.JSONField(_("mapping"), default=dict)
    has_header = models.BooleanField(_("header row"), null=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_valid = models.PositiveIntegerField(_("valid rows"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rejected rows"), default=0)
    # Valid rows matching a contact already in the database by the import's duplicate key,
    # counted when the check ends (the write applies the duplicate policy to them).
    existing = models.PositiveIntegerField(_("already in the database"), default=0)
    rejected_by_reason = models.JSONField(_("rejected by reason"), default=dict)
    problems = models.JSONField(_("problems"), default=list)  # the first MAX_REPORTED
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("skipped duplicates"), default=0)
    error = models.TextField(_("error"), blank=True)
    # The process checking or writing the import, so a dead one is noticed (see
    # services.contact_import_reap); and the step a retry starts again from.
    owner_host = models.CharField(_("host"), max_length=255, blank=True)
    owner_pid = models.PositiveIntegerField(_("process id"), null=True, blank=True)
    retry_step = models.CharField(_("retry step"), max_length=10, blank=True)
    # The uploaded file in CONTACT_IMPORT_DIR until its rows are checked.
    upload_name = models.CharField(_("uploaded file"), max_length=100, blank=True)
    # Names the file of validated rows waiting to be written (unique across installations that
    # share a folder, unlike the primary key).
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    objects: ScopedManager[Any] = ScopedManager("database")

    class Meta:
        verbose_name = _("contact import")
        verbose_name_plural = _("contact imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} → {self.database}"

    def report(self) -> list[dict[str, Any]]:
        """The stored problems with their reasons in the active language."""
        return [
            {**problem, "reason": describe(problem), "kept": problem["reason"] == KEPT_AS_DIALED}
            for problem in self.problems
        ]

    def error_text(self) -> str:
        """The error in the reader's language (stored as its message id where it has one)."""
        return gettext(self.error) if self.error else ""

    def reasons(self) -> dict[str, int]:
        """Problems counted by reason, in the active language."""
        return {gettext(reason): count for reason, count in self.rejected_by_reason.items()}

    def project_ids(self) -> list[int]:
        return self.database.project_ids()

"""Base for Cadencia's management commands: an explicit project scope and change context."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cadencia.core.changelog import ChangeSource, change_context
from cadencia.core.scoping import ALL_PROJECTS, ScopeValue, project_scope
from cadencia.core.tenancy import tenancy


class ScopedCommand(BaseCommand):
    """Runs ``handle_scoped`` over ``--project NAME`` (repeatable) or, by default, all projects.

    Commands are run by operators on the server, who can see everything; the option narrows it.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--project",
            action="append",
            default=[],
            help="Limit the command to this project (repeat for several). Default: all projects.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scope: ScopeValue = ALL_PROJECTS
        if options["project"]:
            ids = tenancy().project_ids_named(options["project"])
            missing = set(options["project"]) - set(ids)
            if missing:
                raise CommandError(f"Unknown project(s): {', '.join(sorted(missing))}")
            scope = frozenset(ids.values())
        with project_scope(scope), change_context(source=ChangeSource.COMMAND):
            self.handle_scoped(*args, **options)

    def handle_scoped(self, *args: Any, **options: Any) -> None:
        raise NotImplementedError

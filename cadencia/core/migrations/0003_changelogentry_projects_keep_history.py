"""The change log's project links become an explicit through model on the same table, then lose
their database-level foreign key to the project, so deleting a project keeps its history."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_changelogentry"),
        ("projects", "0002_alter_project_options_securitysettings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ChangeLogEntryProject",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "changelogentry",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="core.changelogentry",
                            ),
                        ),
                        (
                            "project",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="projects.project",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "core_changelogentry_projects",
                        "unique_together": {("changelogentry", "project")},
                    },
                ),
                migrations.AlterField(
                    model_name="changelogentry",
                    name="projects",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        through="core.ChangeLogEntryProject",
                        to="projects.project",
                        verbose_name="projects",
                    ),
                ),
            ]
        ),
        migrations.AlterField(
            model_name="changelogentryproject",
            name="project",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="projects.project",
            ),
        ),
    ]

"""Contact.database loses its database-level foreign key: writers lock the database row once
instead of a check per contact (docs/decisions.md)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0005_phones_in_contact'),
    ]

    operations = [
        migrations.AlterField(
            model_name='contact',
            name='database',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='contacts.contactdatabase', verbose_name='contact database'),
        ),
    ]

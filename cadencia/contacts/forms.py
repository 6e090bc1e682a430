from django import forms

from cadencia.contacts.models import ContactDatabase
from cadencia.core.forms import MultiProjectFormMixin


class ContactDatabaseForm(MultiProjectFormMixin, forms.ModelForm):
    class Meta:
        model = ContactDatabase
        fields = ["name", "default_region"]

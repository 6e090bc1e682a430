from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The site's composition above the apps: menu, home page, demo data."""

    name = "cadencia.site"
    label = "site"
    verbose_name = _("Site")

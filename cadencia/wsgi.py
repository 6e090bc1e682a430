"""WSGI entry point, for tools that need it; the product runs on ASGI (see asgi.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadencia.settings")
application = get_wsgi_application()

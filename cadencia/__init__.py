"""Cadencia: an open-source contact-center CRM."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cadencia")
except PackageNotFoundError:  # running from a checkout that uv does not install as a package
    __version__ = "0.1.0"

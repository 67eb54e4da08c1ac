"""WSGI entry point: runserver, any WSGI server, and Zappa's Lambda handler."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fitspace.settings")

application = get_wsgi_application()

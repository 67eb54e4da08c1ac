"""The OpenAPI schema and Swagger UI: a URL configuration of their own, which fitspace.urls
loads on the first request under /api/ that the API's routes do not match. Importing
drf-spectacular's views pulls in its whole schema generator (and Django's test framework),
which no other request needs: a cold start that serves the API never loads it."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # GET only: its HTML renderer has no page for OPTIONS (once a 500). The split view serves
    # its init script as a file, so the pages need no inline script (the CSP allows none).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", http_method_names=["get", "head"]),
        name="docs",
    ),
]

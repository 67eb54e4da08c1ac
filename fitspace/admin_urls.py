"""The admin's URL configuration, which fitspace.urls loads on the first request under /admin/
(or the first reversed admin URL): only then are the apps' admin.py modules imported
(`autodiscover`, which django.contrib.admin's own AppConfig would run at every start-up), and
the staff dashboard (fitspace/dashboard.py)."""

from django.contrib import admin
from django.urls import path

from fitspace.dashboard import dashboard_view

admin.autodiscover()
admin.site.site_header = "FitSpace administration"
admin.site.site_title = "FitSpace admin"
admin.site.index_title = "Users, exercises and workouts"
# The index as Django's, with a link to the dashboard above the apps.
admin.site.index_template = "admin/fitspace/index.html"

urlpatterns = [
    path("dashboard/", admin.site.admin_view(dashboard_view), name="dashboard"),
    *admin.site.get_urls(),
]

"""The admin's URL configuration, which fitspace.urls loads on the first request under /admin/
(or the first reversed admin URL): only then are the apps' admin.py modules imported
(`autodiscover`, which django.contrib.admin's own AppConfig would run at every start-up)."""

from django.contrib import admin

admin.autodiscover()
admin.site.site_header = "FitSpace administration"
admin.site.site_title = "FitSpace admin"
admin.site.index_title = "Users, exercises and workouts"

urlpatterns = admin.site.get_urls()

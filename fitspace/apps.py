import gc

from django.apps import AppConfig
from django.core import checks

from fitspace.logs import end_request, install_record_factory

# Serializing a page of workouts allocates tens of thousands of short-lived objects, many in
# reference cycles (DRF binds fields to their serializers). With CPython's default threshold
# (700) the cyclic GC runs many times per request, and every few requests a full collection
# walks all of Django as well: `make bench` measured that as a p95 five times the median.
GC_THRESHOLDS = (50_000, 20, 100)


class FitSpaceConfig(AppConfig):
    name = "fitspace"
    verbose_name = "FitSpace"

    def ready(self) -> None:
        from django.core.signals import request_finished

        install_record_factory()
        request_finished.connect(end_request, dispatch_uid="fitspace.logs.end_request")
        from fitspace import snapstart

        snapstart.register()
        checks.register(load_admin, checks.Tags.admin)
        # Everything imported so far lives as long as the process (a Lambda container): move
        # it out of the collector's sight, and collect young objects less often. No collection
        # first: a full one walks every object just imported (tens of ms of each cold start),
        # to free the little garbage importing leaves.
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)


def load_admin(app_configs, **kwargs) -> list:
    """For `manage.py check`: the admin's modules load with its URLs (fitspace/admin_urls.py),
    not at start-up, and its checks should see every registered ModelAdmin."""
    import fitspace.admin_urls  # noqa: F401

    return []

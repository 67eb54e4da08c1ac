import gc

from django.apps import AppConfig

# Serializing a page of workouts allocates tens of thousands of short-lived objects, many in
# reference cycles (DRF binds fields to their serializers). With CPython's default threshold
# (700) the cyclic GC runs many times per request, and every few requests a full collection
# walks all of Django as well: `make bench` measured that as a p95 five times the median.
GC_THRESHOLDS = (50_000, 20, 100)


class FitSpaceConfig(AppConfig):
    name = "fitspace"
    verbose_name = "FitSpace"

    def ready(self) -> None:
        from fitspace import snapstart

        snapstart.register()
        # Everything imported so far lives as long as the process (a Lambda container): move
        # it out of the collector's sight, and collect young objects less often. No collection
        # first: a full one walks every object just imported (tens of ms of each cold start),
        # to free the little garbage importing leaves.
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)

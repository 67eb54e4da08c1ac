from rest_framework import mixins


class PartialPutMixin(mixins.UpdateModelMixin):
    """``PUT`` changes only the fields it sends, as the first version's clients expect; it is
    documented as such. ``PATCH`` behaves the same."""

    def update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return super().update(request, *args, **kwargs)

"""Addresses that changed keep answering: a party's old slug redirects permanently to its address now."""

from functools import wraps

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from .models import PreviousSlug


def follow_previous_slug(view):
    """For a view of one party found by `slug`: when it answers 404 for a slug the party had before, send the visitor
    permanently to the same page under the party's slug now (the query kept)."""

    @wraps(view)
    def following(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            current = PreviousSlug.objects.filter(slug=kwargs.get("slug", "")).values_list(
                "participant__slug", flat=True
            )
            current = current.first()
            if current is None:
                raise
            match = request.resolver_match
            address = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, "slug": current})
            query = request.META.get("QUERY_STRING", "")
            return redirect(f"{address}?{query}" if query else address, permanent=True)

    return following

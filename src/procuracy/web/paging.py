"""Long lists a page at a time: Django's paginator over a queryset or any list that can count
itself and be sliced, the page number from the query string (one that does not exist: 404, not
the first page), and one pager line for every page that lists (``web/_pager.html``)."""

from __future__ import annotations

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404


def page_of(request, items, per_page: int) -> Page:
    """The page of ``items`` the request asks for (``?page=N``, the first by default)."""
    try:
        return Paginator(items, per_page).page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("no such page") from None

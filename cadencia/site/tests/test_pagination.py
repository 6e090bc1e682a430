"""The shared pagination keeps the list's filters from one page to the next."""

from typing import Any

from django.core.paginator import Paginator
from django.template import RequestContext, Template


def test_pages_keep_the_filters(rf: Any) -> None:
    request = rf.get("/console/dispositions/", {"campaign": "3", "page": "2"})
    page = Paginator(range(60), 25).get_page(2)
    html = Template('{% include "includes/pagination.html" %}').render(
        RequestContext(request, {"page_obj": page, "is_paginated": True})
    )
    assert 'href="?campaign=3&amp;page=1"' in html
    assert 'href="?campaign=3&amp;page=3"' in html

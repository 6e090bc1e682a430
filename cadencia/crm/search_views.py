"""The CRM's search pages (the seed's sections 3 to 5): filters, keyset pages, downloads."""

from typing import Any

from django.http import HttpRequest, HttpResponse

from cadencia.accounts.http import request_user
from cadencia.core.keyset import keyset_page
from cadencia.core.pages import PageView
from cadencia.crm import searches
from cadencia.crm.searches import Search

PAGE_SIZE = 50


class SearchPage(PageView):
    search: Search
    source = ""

    def get(self, request: HttpRequest) -> HttpResponse:
        filterset, rows = searches.rows_or_none(self.search, request.GET, request_user(request))
        page = keyset_page(
            searches.page_rows(self.search, rows),
            after=request.GET.get("after", ""),
            size=PAGE_SIZE,
            field=self.search.page_field(request.GET),
        )
        self.search.decorate(page.rows)
        query = request.GET.copy()
        query.pop("after", None)
        return self.render(
            {
                "filter": filterset,
                "rows": page.rows,
                "next_after": page.next_after,
                "query": query.urlencode(),
                "source": self.source,
                **self.extra(),
            }
        )

    def extra(self) -> dict[str, Any]:
        return {}


class ActionSearch(SearchPage):
    permission_required = "crm.view_ticket"
    template_name = "crm/action_search.html"
    search = searches.ACTIONS
    source = "crm.actions"


class TicketSearch(SearchPage):
    permission_required = "crm.view_ticket"
    template_name = "crm/ticket_list.html"
    search = searches.TICKETS
    source = "crm.tickets"


class CallHistory(SearchPage):
    permission_any = ("console.view_call", "console.use_console")
    template_name = "crm/call_history.html"
    search = searches.HISTORY
    source = "crm.history"

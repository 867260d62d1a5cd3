from django.http import HttpRequest

MAX_PAGE = 1_000_000


def page_number(request: HttpRequest, name: str) -> int:
    """A page number from the query string; nonsense means page 1, never an error."""
    try:
        return min(max(int(request.GET.get(name, 1)), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1

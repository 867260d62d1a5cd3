class LeatIdConverter:
    """Leat identifiers are opaque (`123`, `12345-abcdefg`, UUIDs): accept URL-safe
    text of sane length; anything else is a 404 before Leat is asked."""

    regex = r"[A-Za-z0-9._~-]{1,128}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

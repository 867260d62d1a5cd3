import re

#: What leatadmin accepts as a Leat identifier, in URLs and forms alike. Leat's
#: identifiers are opaque (`123`, `12345-abcdefg`, UUIDs): URL-safe text of sane
#: length, not starting with a dot (`.` and `..` would change the URL's path).
LEAT_ID = r"[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,127}"
LEAT_ID_RE = re.compile(rf"^{LEAT_ID}$")


def is_leat_id(value: str) -> bool:
    return bool(LEAT_ID_RE.match(value))


class LeatIdConverter:
    """Anything that is not an identifier is a 404 before Leat is asked."""

    regex = LEAT_ID

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

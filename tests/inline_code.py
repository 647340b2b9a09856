"""Find in a page's markup what a Content-Security-Policy decides on: inline scripts, styles and handlers.

`inline_code(html)` lists them; `blocked_by(policy, items)` keeps those the policy would not run,
following the CSP fallbacks (script-src-attr -> script-src -> default-src, and so on) and its rule
that a hash or nonce in a directive switches 'unsafe-inline' off.
"""
import base64
import hashlib
from dataclasses import dataclass
from html.parser import HTMLParser

FALLBACKS = {
    "script": ["script-src-elem", "script-src", "default-src"],
    "script-attr": ["script-src-attr", "script-src", "default-src"],
    "style": ["style-src-elem", "style-src", "default-src"],
    "style-attr": ["style-src-attr", "style-src", "default-src"],
}


@dataclass(frozen=True)
class Inline:
    kind: str  # a key of FALLBACKS
    source: str
    where: str


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self._open = None  # ("script"/"style", attrs text) while inside an inline element
        self._text = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/json":
            self._open, self._text = ("script", where), []
        if tag == "style":
            self._open, self._text = ("style", where), []
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(Inline("script-attr", value or "", where))
            elif name == "style":
                self.found.append(Inline("style-attr", value or "", where))
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.found.append(Inline("script", value, where))

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self.found.append(Inline(self._open[0], "".join(self._text), self._open[1]))
            self._open = None


def inline_code(html):
    """Every inline script element, style element, event-handler attribute, style attribute and javascript: URL."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.found


def parse_policy(header):
    """'default-src 'self'; img-src 'self' data:' -> {"default-src": ["'self'"], "img-src": ["'self'", "data:"]}."""
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def source_hash(source):
    return f"'sha256-{base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()}'"


def allows(policy, item):
    sources = next((policy[d] for d in FALLBACKS[item.kind] if d in policy), None)
    if sources is None:
        return True  # no directive applies
    hashes_or_nonces = [s for s in sources if s.startswith(("'sha256-", "'sha384-", "'sha512-", "'nonce-"))]
    if "'unsafe-inline'" in sources and not hashes_or_nonces:
        return True
    if source_hash(item.source) not in sources:
        return False
    return item.kind in ("script", "style") or "'unsafe-hashes'" in sources


def blocked_by(policy, items):
    return [item for item in items if not allows(policy, item)]

"""Escaping and offline helpers for every page graphkit writes.

Labels, quotes and file names come from the collection: untrusted text that
may contain markup (a pseudonym like ``</script><img src=x onerror=...>``).
Each way text reaches a page has its own helper here, so a template never has
to remember which escaping applies where.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import pickle
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from graphkit.stores.memo import digest

# JSON inside <script> must not be able to close the element or open a comment:
# escape the characters the HTML tokenizer looks at, plus the JS line separators.
# A chain of str.replace, not str.translate: translate to multi-character strings goes
# through Python's slow path, about 8x slower on the network page's megabyte of data.
_SCRIPT_JSON = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))

# External loads a page must never make: pyvis's template leaves a dead
# `../node_modules/vis/...` pair behind, and CDN links would break offline use
# (and leak that someone opened the page).
_REMOTE_REF = re.compile(
    r"""<link\b[^>]*\bhref\s*=\s*["']?(?:https?:|//|\.\./node_modules/)[^>]*>"""
    r"""|<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:|//|\.\./node_modules/)[^>]*>\s*</script>""",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A script's body up to the first </script>, in runs of non-"<" characters that the engine skips
# in one step (possessive: no backtracking), about 6x faster than ".*?" on a megabyte page.
_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>((?:[^<]++|<(?!/script>))*+)</script>", re.IGNORECASE)


def esc(value: object) -> Markup:
    """Text for HTML element content or a quoted attribute value (``&<>"'`` escaped)."""
    return escape("" if value is None else str(value))


def compact_json(value: Any) -> str:
    """``value`` as JSON in one line, keys sorted, non-ASCII kept (json's C encoder: fast)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def script_text(text: str) -> Markup:
    """JSON text made safe to place inside a ``<script>`` element (the same value to a JSON parser)."""
    for char, escaped in _SCRIPT_JSON:
        text = text.replace(char, escaped)
    return Markup(text)


def script_json(value: Any) -> Markup:
    """``value`` as JSON that is safe to place inside a ``<script>`` element."""
    return script_text(compact_json(value))


def strip_remote(html: str) -> str:
    """Drop HTML comments and any ``<link>``/``<script src>`` that points off the page."""
    return _REMOTE_REF.sub("", _COMMENT.sub("", html))


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs.extend(value or "" for name, value in attrs if name in ("src", "href", "srcset", "action", "data", "poster"))


def remote_refs(html: str) -> list[str]:
    """Every element reference that would make the browser fetch something (for tests and asserts).

    Links to other graphkit pages are navigations, not loads; fragments stay in the page.
    """
    parser = _Refs()
    parser.feed(html)
    parser.close()
    local = re.compile(r"(?:\.\./)?[\w./-]+\.html(?:#[\w-]*)?|#[\w-]*")
    return [ref for ref in parser.refs if not (local.fullmatch(ref) and ".." not in ref.replace("../", "", 1))]


def csp(html: str, *, form_action: str = "'none'") -> str:
    """A Content-Security-Policy allowing only this page's own inline scripts (by hash).

    Defence in depth: if escaping ever failed, an injected ``<script>`` or
    ``onerror=`` handler still would not run, and no resource can be fetched.
    ``form_action="'self'"`` lets a page served by ``graphkit serve`` submit its own form.
    """
    hashes = []
    for attrs, body in _INLINE_SCRIPT.findall(html):
        if "src=" in attrs.lower() or "application/json" in attrs.lower():
            continue
        sha = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes.append(f"'sha256-{sha}'")
    scripts = " ".join(sorted(set(hashes))) or "'none'"
    return f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action {form_action}"


def with_csp(html: str, *, form_action: str = "'none'") -> str:
    """Insert the CSP meta element computed from the finished page right after its charset."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp(html, form_action=form_action)}">'
    anchor = '<meta charset="utf-8">'
    at = html.find(anchor)
    if at < 0:
        raise ValueError("page has no charset declaration")
    at += len(anchor)
    return html[:at] + meta + html[at:]


def asset(name: str) -> str:
    """A file shipped in ``graphkit.views`` (template, script or style sheet)."""
    return resources.files("graphkit.views").joinpath(name).read_text(encoding="utf-8")


SHIPPED = (".html", ".js", ".css")  # the kinds of file a page is made of, besides the Python


@lru_cache(maxsize=1)
def assets_digest() -> bytes:
    """A digest of what a page rests on besides graphkit's Python (which every memo's key covers): the
    templates, scripts and style sheets shipped here, and the jinja that renders them. Read once a process,
    as the templates are compiled once."""
    folder = resources.files("graphkit.views")
    shipped = sorted((e.name, e.read_bytes()) for e in folder.iterdir() if e.name.endswith(SHIPPED))
    return digest(pickle.dumps((jinja2.__version__, shipped)))


@lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FunctionLoader(asset), autoescape=True, undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=True)


def render_page(template: str, **values: Any) -> str:
    """A template of ``graphkit.views`` (each extends ``page.html``) rendered with the shared boot script and
    style sheet, autoescaped; a name the template uses but ``values`` lacks is an error, not an empty string."""
    return _templates().get_template(template).render(
        boot_js=Markup(asset("boot.js")), page_css=Markup(asset("views.css")), **values)


def pyvis_asset(relative: str) -> str:
    """A file from pyvis's bundled ``templates/lib`` folder (vis-network itself). The package is found, not
    imported (importing it imports IPython)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyvis (it ships the vis-network script the network page inlines) is not installed")
    folder = Path(spec.submodule_search_locations[0])
    return folder.joinpath("templates", "lib", *relative.split("/")).read_text(encoding="utf-8")

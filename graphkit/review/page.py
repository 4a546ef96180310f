"""The review page (``review.html``): the facts of a build to accept, reject, correct or add, offline.

Opened from the file or from ``graphkit serve`` it is read-only; ``graphkit review`` serves it with
``data-editable="true"`` and saves each decision (graphkit.review.server). The page may talk back to the
server that served it (``connect-src 'self'``) and to nothing else.
"""

from __future__ import annotations

from markupsafe import Markup

from graphkit.views.html import asset, render_page, script_text, with_csp

READ_ONLY = '<body class="review-page" data-editable="false">'
EDITABLE = '<body class="review-page" data-editable="true">'


def render_review_page(state_json: str) -> str:
    """The page over the review state as ``review.json`` holds it (its text: the state is encoded once)."""
    page = render_page("review.html", data=script_text(state_json), review_js=Markup(asset("review.js")))
    return with_csp(page).replace("form-action 'none'", "form-action 'none'; connect-src 'self'", 1)


def editable(page: str) -> str:
    """The same page with saving switched on (served by ``graphkit review`` only)."""
    return page.replace(READ_ONLY, EDITABLE, 1)

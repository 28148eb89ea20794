"""Cross-site request forgery: every dashboard form that changes something carries a
token another site cannot know.

Each form carries, in a hidden field, an HMAC of a secret the browser holds in an
HttpOnly cookie — its session's token once logged in, before that (the login form) a
random value in a SameSite=Strict cookie of its own — under a key the server draws at
start, so another site can neither read nor make it (a subdomain that plants a cookie
still lacks the key). A POST without the matching pair is refused (403), and so is one
the browser itself marks as coming from another site (``Sec-Fetch-Site``). After a
restart of the collector an open form is refused once, with a fresh one and a message.

A new form uses it in two lines:

- in its template, inside ``<form method="post">``: ``{{ csrf_field() }}`` (a global
  of the dashboard's templates; another ``Jinja2Templates`` gets it from
  ``CSRF.install(templates)``; a ``fetch`` may send the header ``X-CSRF-Token`` with
  ``{{ csrf_token() }}`` instead);
- on its route: ``dependencies=[Depends(CSRF.require)]`` (``from
  collector.dashboard.web import CSRF``). ``tests/dashboard/test_security.py`` posts
  without a token to every POST route under ``/dashboard`` and fails on one that takes
  it.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request
from jinja2 import pass_context
from markupsafe import Markup, escape
from starlette.responses import Response

FIELD = "csrf_token"
HEADER = "x-csrf-token"


class CsrfRefused(Exception):
    """A state-changing request without a valid token (answered 403)."""


class Csrf:
    def __init__(self, session_cookie: str, cookie: str, path: str, secure) -> None:
        self.session_cookie, self.cookie, self.path = session_cookie, cookie, path
        self._secure = secure  # request -> bool: the session cookie's rule
        self._key = secrets.token_bytes(32)

    def install(self, templates) -> None:
        """``csrf_field()`` and ``csrf_token()`` in these templates (they find the request)."""
        templates.env.globals["csrf_field"] = pass_context(lambda ctx: self.field(ctx["request"]))
        templates.env.globals["csrf_token"] = pass_context(lambda ctx: self.token(ctx["request"]))

    def _secret(self, request: Request) -> str:
        """What the browser holds and another site cannot read: its session, or the
        form cookie's value."""
        return request.cookies.get(self.session_cookie) or request.cookies.get(self.cookie) or ""

    def _sign(self, value: str) -> str:
        return hmac.new(self._key, value.encode(), hashlib.sha256).hexdigest()

    def _value(self, request: Request) -> str:
        """The secret a form's token is made from (a new form cookie, set by
        :meth:`attach`, when the browser holds none)."""
        value = getattr(request.state, "csrf_secret", None)
        if value is None:
            value = self._secret(request)
            if not value:
                value = secrets.token_urlsafe(32)
                request.state.csrf_new = value
            request.state.csrf_secret = value
        return value

    def token(self, request: Request) -> str:
        return self._sign(self._value(request))

    def field(self, request: Request) -> Markup:
        return Markup(f'<input type="hidden" name="{FIELD}" value="{escape(self.token(request))}">')

    def attach(self, request: Request, response: Response) -> Response:
        """Set the cookie on a page whose forms got a token from a new value."""
        new = getattr(request.state, "csrf_new", None)
        if new:
            response.set_cookie(self.cookie, new, path=self.path, httponly=True, samesite="strict",
                                secure=self._secure(request))
        return response

    async def check(self, request: Request) -> None:
        """Raise :class:`CsrfRefused` unless the request carries this browser's token."""
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            raise CsrfRefused("sent from another site")
        cookie = self._secret(request)
        sent = request.headers.get(HEADER)
        if sent is None:
            content_type = request.headers.get("content-type", "")
            if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
                sent = (await request.form()).get(FIELD)
        if not cookie or not isinstance(sent, str) or not hmac.compare_digest(sent, self._sign(cookie)):
            raise CsrfRefused("missing or wrong form token")

    async def require(self, request: Request) -> None:
        """The same, as a FastAPI dependency: ``dependencies=[Depends(csrf.require)]``."""
        await self.check(request)

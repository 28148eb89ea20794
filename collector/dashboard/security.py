"""HTTP security headers on every answer of the collector, and when its cookies are
``Secure``.

- The dashboard's pages may load only their own script, stylesheet, Chart.js and
  images (``Content-Security-Policy``: no inline script or style, no other origin, no
  plug-in, forms posted only to the dashboard itself) and may not be framed
  (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``).
- The API's JSON answers load nothing at all; FastAPI's own ``/docs`` and ``/redoc``
  pages (which load Swagger UI from its CDN) get no policy.
- Everywhere: ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin``.

Cookies are ``Secure`` when the request came over HTTPS: directly, or through a proxy
trusted to say so in ``X-Forwarded-Proto`` — the addresses in
``KIOSK_COLLECTOR_TRUSTED_PROXIES`` (default ``127.0.0.1``, a proxy on the same
machine; ``collector serve`` hands them to uvicorn) — or always with
``KIOSK_DASHBOARD_SECURE_COOKIE=1``.
"""
from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DASHBOARD_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                    "form-action 'self'; frame-ancestors 'none'")
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
UNPOLICED = ("/docs", "/redoc")
COMMON = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
          (b"x-frame-options", b"DENY"))
TRUSTED_PROXIES_ENV = "KIOSK_COLLECTOR_TRUSTED_PROXIES"
DEFAULT_TRUSTED_PROXIES = "127.0.0.1"


def policy_for(path: str, dashboard_prefix: str) -> str | None:
    if path.startswith(UNPOLICED):
        return None
    return DASHBOARD_POLICY if path == "/" or path.startswith(dashboard_prefix) else API_POLICY


class SecurityHeaders:
    """ASGI middleware adding the headers above to every HTTP answer."""

    def __init__(self, app: ASGIApp, dashboard_prefix: str) -> None:
        self.app, self.prefix = app, dashboard_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = policy_for(scope.get("path", ""), self.prefix)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"content-security-policy", *(name for name, _ in COMMON))]
                headers.extend(COMMON)
                if policy:
                    headers.append((b"content-security-policy", policy.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def over_https(request) -> bool:
    """Whether the browser reached us over HTTPS (uvicorn has already applied a trusted
    proxy's ``X-Forwarded-Proto`` to the scheme)."""
    return request.url.scheme == "https"

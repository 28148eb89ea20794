"""The dashboard's pages and exports (server-rendered with Jinja2), all behind a login.

A page without a live session redirects to the login form; an export without one gets
401 and no data. Each page first brings the summary tables up to date (at most every
``Settings.refresh_every_s``), then reads them. Every form that posts carries a CSRF
token (:mod:`.csrf`: ``{{ csrf_field() }}`` and ``Depends(CSRF.require)``); failed
logins are slowed down (:mod:`.throttle`); cookies are ``Secure`` over HTTPS
(:func:`cookie_secure`).
"""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from collector.dashboard import exports, figures, formatting, naming, queries, releases, users
from collector.dashboard.csrf import Csrf, CsrfRefused
from collector.dashboard.filters import Filters
from collector.dashboard.security import over_https
from collector.dashboard.settings import Settings
from collector.dashboard.texts import LANGUAGES, translator
from collector.dashboard.throttle import LoginThrottle, minutes
from collector.summary import rollup
from contract.clock import utcnow

PREFIX = "/dashboard"
SESSION_COOKIE = "kiosk_dashboard_session"
LANG_COOKIE = "kiosk_dashboard_lang"
FORM_COOKIE = "kiosk_dashboard_form"
BROWSER_COOKIE = "kiosk_dashboard_browser"
TEMPLATES = Path(__file__).parent / "templates"


def cookie_secure(request: Request) -> bool:
    """Cookies are Secure over HTTPS (directly or via a trusted proxy), or always when
    KIOSK_DASHBOARD_SECURE_COOKIE says so."""
    settings = getattr(request.app.state, "dashboard_settings", None)
    return over_https(request) or bool(settings and settings.secure_cookies)


#: the dashboard's CSRF protection, for every form that posts (see collector.dashboard.csrf)
CSRF = Csrf(SESSION_COOKIE, FORM_COOKIE, PREFIX, cookie_secure)


class LoginRequired(Exception):
    def __init__(self, export: bool, next_url: str):
        self.export, self.next_url = export, next_url


def _safe_next(value: str | None) -> str:
    """Only a path of the dashboard: never send a coordinator to another site after login."""
    if not value or not value.startswith(PREFIX) or urlsplit(value).netloc or value.startswith("//"):
        return PREFIX + "/"
    return value


def make_router(engine: Engine, settings: Settings, throttle: LoginThrottle | None = None) -> APIRouter:
    router = APIRouter()
    templates = Jinja2Templates(directory=str(TEMPLATES))
    CSRF.install(templates)
    throttle = throttle or LoginThrottle()

    def lang_of(request: Request) -> str:
        lang = request.cookies.get(LANG_COOKIE, "fr")
        return lang if lang in LANGUAGES else "fr"

    def user_of(request: Request, *, export: bool = False) -> str:
        user = users.session_user(engine, request.cookies.get(SESSION_COOKIE))
        if user is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginRequired(export, target)
        return user

    def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        lang = lang_of(request)
        tz = settings.timezone
        context.setdefault("filters", None)
        if "naming" not in context and context.get("user"):  # exhibits, versions, ids: by their content
            with engine.connect() as conn:
                context["naming"] = naming.page_names(conn, context["filters"], lang)
        response = templates.TemplateResponse(request, name, status_code=status, context={
            "t": translator(lang), "lang": lang, "prefix": PREFIX, "tz": tz, "export_label": export_label,
            "figure": lambda v, fmt: _figure(v, fmt, lang),
            "num": lambda v, d=0: formatting.number(v, lang, d), "pct": lambda v: formatting.percent(v, lang),
            "dur": lambda v: formatting.duration(v, lang), "when": lambda v: formatting.local_time(v, tz),
            "age": lambda v: formatting.age(v, utcnow(), lang), "path": request.url.path,
            "query": request.url.query, **context})
        return CSRF.attach(request, response)

    def page_data(request: Request) -> tuple[Filters, dict]:
        rollup.refresh_if_stale(engine, settings.timezone, settings.refresh_every_s)
        f = Filters.from_params(request.query_params, settings.timezone)
        with engine.connect() as conn:
            choices = queries.choices(conn)
        return f, choices

    # --- login ---------------------------------------------------------------------------
    @router.get("/", include_in_schema=False)
    def root():
        return RedirectResponse(PREFIX + "/", status_code=303)

    @router.get(PREFIX, include_in_schema=False)
    def no_slash():
        return RedirectResponse(PREFIX + "/", status_code=303)

    @router.get(PREFIX + "/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str | None = None, out: int = 0):
        message = "logged_out" if out else ("session_expired" if next else None)
        return render(request, "login.html", next=_safe_next(next), message=message, error=None)

    @router.post(PREFIX + "/login", include_in_schema=False)
    async def login(request: Request):
        form = await request.form()
        username = str(form.get("username") or "").strip()[:64]
        password, next_url = str(form.get("password") or "")[:1024], _safe_next(str(form.get("next") or ""))

        def refuse(status: int, error: str, **extra) -> HTMLResponse:
            return render(request, "login.html", status=status, next=next_url, message=None, error=error,
                          username=username, **extra)

        try:
            await CSRF.check(request)
        except CsrfRefused:
            return refuse(403, "form_expired")
        address = request.client.host if request.client else "?"
        known = throttle.is_known_browser(username, request.cookies.get(BROWSER_COOKIE))
        wait = throttle.wait_s(address, username, known)
        if wait > 0:
            response = refuse(429, "too_many_attempts", wait_minutes=minutes(wait))
            response.headers["Retry-After"] = str(int(wait) + 1)
            return response
        if not username or not await run_in_threadpool(users.check_password, engine, username, password):
            throttle.failed(address, username)
            return refuse(401, "login_failed")
        throttle.succeeded(username)
        token = await run_in_threadpool(users.open_session, engine, username, timedelta(hours=settings.session_hours))
        response = RedirectResponse(next_url, status_code=303)
        secure = cookie_secure(request)
        response.set_cookie(SESSION_COOKIE, token, max_age=int(settings.session_hours * 3600), path=PREFIX,
                            httponly=True, samesite="lax", secure=secure)
        response.set_cookie(BROWSER_COOKIE, throttle.known_browser_token(username), max_age=365 * 86400,
                            path=PREFIX, httponly=True, samesite="strict", secure=secure)
        return response

    @router.post(PREFIX + "/logout", include_in_schema=False, dependencies=[Depends(CSRF.require)])
    def logout(request: Request):
        users.close_session(engine, request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse(PREFIX + "/login?out=1", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path=PREFIX)
        return response

    @router.get(PREFIX + "/lang/{lang}", include_in_schema=False)
    def set_lang(request: Request, lang: str, next: str | None = None):
        response = RedirectResponse(_safe_next(next), status_code=303)
        if lang in LANGUAGES:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path=PREFIX, samesite="lax",
                                secure=cookie_secure(request))
        return response

    # --- pages ---------------------------------------------------------------------------
    @router.get(PREFIX + "/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request):
        user = user_of(request)
        f, choices = page_data(request)
        with engine.connect() as conn:
            data = queries.overview(conn, f)
        charts = {
            "days": {"labels": [d["day"] for d in data.by_day], "visits": [d["visits"] for d in data.by_day],
                     "duration_min": [round(d["avg_visit_s"] / 60, 1) if d["avg_visit_s"] is not None else None
                                      for d in data.by_day]},
            "hours": {"labels": [f"{h['hour']}" for h in data.by_hour], "visits": [h["visits"] for h in data.by_hour]},
        }
        return render(request, "overview.html", user=user, filters=f, choices=choices, data=data,
                      charts_json=json.dumps(charts), page="overview")

    @router.get(PREFIX + "/exhibits", response_class=HTMLResponse, include_in_schema=False)
    def exhibits_page(request: Request):
        user = user_of(request)
        f, choices = page_data(request)
        with engine.connect() as conn:
            items = queries.exhibits(conn, f)
        return render(request, "exhibits.html", user=user, filters=f, choices=choices, exhibits=items,
                      export_names=["exhibits", *(e.name for e in figures.exports().values() if e.tables)],
                      page="exhibits")

    @router.get(PREFIX + "/exhibits/{exhibit_id}", response_class=HTMLResponse, include_in_schema=False)
    def exhibit_page(request: Request, exhibit_id: str):
        user = user_of(request)
        f, choices = page_data(request)
        exhibit_id = exhibit_id[:64]
        with engine.connect() as conn:
            names = naming.page_names(conn, f, lang_of(request))
            summary = queries.exhibits(conn, f, only=exhibit_id)
            totals = figures.kind_totals(conn, f, exhibit_id)
            sections = figures.exhibit_sections(conn, f, exhibit_id, totals, names)
        return render(request, "exhibit.html", user=user, filters=f, choices=choices, exhibit_id=exhibit_id,
                      naming=names,
                      summary=summary[0] if summary else None, recorded=bool(totals), sections=sections,
                      export_names=[*figures.exports_of(sections), "events"], page="exhibits")

    @router.get(PREFIX + "/kiosks", response_class=HTMLResponse, include_in_schema=False)
    def kiosks_page(request: Request, silent_h: float | None = None):
        user = user_of(request)
        f, choices = page_data(request)
        silent = _silent_hours(silent_h, settings)
        with engine.connect() as conn:
            rows = queries.kiosks(conn, f, utcnow(), timedelta(hours=silent))
        return render(request, "kiosks.html", user=user, filters=f, choices=choices, kiosks=rows,
                      silent_h=silent, page="kiosks")

    # --- exports -------------------------------------------------------------------------
    @router.get(PREFIX + "/export/{name}.csv", include_in_schema=False)
    def export(request: Request, name: str, silent_h: float | None = None):
        user_of(request, export=True)
        if name not in exports.COLUMNS:
            return PlainTextResponse(f"unknown export {name!r}; one of: {', '.join(exports.COLUMNS)}", 404)
        rollup.refresh_if_stale(engine, settings.timezone, settings.refresh_every_s)
        f = Filters.from_params(request.query_params, settings.timezone)
        headers = {"Content-Disposition": f'attachment; filename="{name}_{quote(f.slug())}.csv"'}
        with engine.connect() as conn:
            names = naming.page_names(conn, f, lang_of(request))
        if name == "events":
            return StreamingResponse(_event_lines(f, names), media_type="text/csv; charset=utf-8", headers=headers)
        rows = _aggregate_rows(name, f, silent_h, names)
        body = "".join(exports.csv_lines([exports.COLUMNS[name], *rows]))
        return Response(body, media_type="text/csv; charset=utf-8", headers=headers)

    def _event_lines(f: Filters, names):
        start, _ = rollup.utc_bounds(f.start, settings.timezone)
        _, end = rollup.utc_bounds(f.end, settings.timezone)
        yield from exports.csv_lines([exports.COLUMNS["events"]])
        with engine.connect() as conn:
            for line in exports.csv_lines(exports.event_row(r, names)
                                          for r in queries.event_rows(conn, f, start, end)):
                yield line

    def _aggregate_rows(name: str, f: Filters, silent_h: float | None, names) -> list[list]:
        with engine.connect() as conn:
            if name in ("days", "hours"):
                data = queries.overview(conn, f)
                return exports.day_rows(data) if name == "days" else exports.hour_rows(data)
            if name == "exhibits":
                return exports.exhibit_rows(queries.exhibits(conn, f), names)
            declared = figures.exports()[name]
            if declared.tables:  # an exhibit type's table
                return figures.export_rows(conn, f, declared, names)
            silent = _silent_hours(silent_h, settings)
            return exports.kiosk_rows(queries.kiosks(conn, f, utcnow(), timedelta(hours=silent)))

    releases.add_routes(router, engine, prefix=PREFIX, render=render, user_of=user_of, lang_of=lang_of,
                        csrf=CSRF)
    return router


def _silent_hours(value: float | None, settings: Settings) -> float:
    if value is None or not (0 < value <= 24 * 365):
        return settings.silent_after_hours
    return value


def export_label(name: str, lang: str) -> str:
    declared = figures.exports().get(name)
    return declared.label(lang) if declared else name


def _figure(value, fmt: str, lang: str) -> str:
    """A figure of an exhibit type as the page writes it."""
    if fmt == "percent":
        return formatting.percent(value, lang)
    if fmt == "duration":
        return formatting.duration(value, lang)
    if fmt == "text":
        return "" if value is None else ", ".join(value) if isinstance(value, list) else str(value)
    return formatting.number(value, lang)


def login_required_response(request: Request, exc: LoginRequired) -> Response:
    if exc.export:
        return PlainTextResponse("login required", status_code=401)
    return RedirectResponse(f"{PREFIX}/login?next={quote(exc.next_url, safe='')}", status_code=303)


def csrf_refused_response(request: Request, exc: CsrfRefused) -> Response:
    lang = request.cookies.get(LANG_COOKIE, "fr")
    t = translator(lang if lang in LANGUAGES else "fr")
    return PlainTextResponse(t("form_expired"), status_code=403)

"""The dashboard against a hostile browser or client, on a real server: CSRF tokens on
every form (plain HTTP and headless Chromium, the forged form served by another origin),
failed logins slowed down without locking a coordinator out for good, security headers
and cookie flags."""
from __future__ import annotations

import html
import http.server
import re
import threading

import httpx
import pytest

from collector.dashboard.throttle import LoginThrottle, ThrottleRules
from collector.dashboard.users import add_user
from collector.dashboard.web import PREFIX
from tests.collector.helpers import fresh_engine, free_port, serve
from tests.dashboard.helpers import PASSWORD, USER, form_token, login, logout
from tests.dashboard.test_browser import browser  # noqa: F401 - the fixture

OTHER = "camille"


@pytest.fixture
def dashboard(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_DASHBOARD_REFRESH_S", "0")
    engine = fresh_engine("sqlite", tmp_path)
    add_user(engine, USER, PASSWORD)
    add_user(engine, OTHER, PASSWORD)
    with serve(engine) as url:
        yield engine, url
    engine.dispose()


def client_from(url: str, address: str | None = None) -> httpx.Client:
    """A browser-like client; ``address`` poses as another client behind the trusted proxy."""
    headers = {"X-Forwarded-For": address} if address else {}
    return httpx.Client(base_url=url, timeout=60, headers=headers)


def session_of(resp: httpx.Response) -> bool:
    return "kiosk_dashboard_session" in resp.headers.get("set-cookie", "")


def all_routes(routes):
    """Every route, those of included routers too (however FastAPI nests them)."""
    for route in routes:
        nested = getattr(getattr(route, "original_router", None), "routes", None) or getattr(route, "routes", None)
        if nested is not None and not hasattr(route, "endpoint"):
            yield from all_routes(nested)
        else:
            yield route


# --- CSRF ---------------------------------------------------------------------------------
def test_a_post_without_the_browsers_token_is_refused(dashboard):
    _, url = dashboard
    victim = client_from(url)
    creds = {"username": USER, "password": PASSWORD, "next": "/dashboard/"}
    resp = victim.post("/dashboard/login", data=creds)
    assert resp.status_code == 403 and not session_of(resp)
    assert "Formulaire expiré ou envoyé depuis un autre site" in resp.text
    attacker = client_from(url)
    stolen = form_token(attacker)  # a valid token, but of another browser
    resp = victim.post("/dashboard/login", data={**creds, "csrf_token": stolen})
    assert resp.status_code == 403 and not session_of(resp)
    token = form_token(victim)
    resp = victim.post("/dashboard/login", data={**creds, "csrf_token": token},
                       headers={"Sec-Fetch-Site": "same-site"})  # the browser says: another site's form
    assert resp.status_code == 403 and not session_of(resp)
    assert login(victim).status_code == 303  # the page's own form works

    # Logged in: a logout without the token does not end the session.
    assert victim.post("/dashboard/logout").status_code == 403
    assert victim.post("/dashboard/logout", data={"csrf_token": stolen}).status_code == 403
    assert victim.get("/dashboard/").status_code == 200
    assert logout(victim).status_code == 303
    assert victim.get("/dashboard/").status_code == 303


def test_every_post_route_and_every_form_of_the_dashboard_is_protected(dashboard):
    engine, url = dashboard
    client = client_from(url)
    assert login(client).status_code == 303
    from collector.app import create_app

    routes = [r for r in all_routes(create_app(engine).routes)
              if PREFIX in getattr(r, "path", "") and "POST" in (getattr(r, "methods", None) or ())]
    assert {r.path for r in routes} >= {"/dashboard/login", "/dashboard/logout"}
    for route in routes:
        path = re.sub(r"\{[^}]+\}", "x", route.path)
        resp = client.post(path, data={"anything": "1"})
        assert resp.status_code == 403, f"{path} took a POST without a CSRF token ({resp.status_code})"
    pages = ["/dashboard/", "/dashboard/exhibits", "/dashboard/exhibits/mythes", "/dashboard/kiosks"]
    for page in pages + ["/dashboard/login"]:
        html = (client if page != "/dashboard/login" else client_from(url)).get(page).text
        forms = re.findall(r'<form[^>]*method="post".*?</form>', html, re.S | re.I)
        assert all('name="csrf_token"' in form for form in forms), page
    assert client.get("/dashboard/").status_code == 200  # still logged in


class _Attacker(http.server.BaseHTTPRequestHandler):
    """Another origin serving forms that post to the dashboard by themselves."""
    target = ""

    def do_GET(self):  # noqa: N802 - http.server's name
        action = "logout" if "logout" in self.path else "login"
        fields = ('<input name="username" value="camille"><input name="password" value="correct horse battery">'
                  if action == "login" else "")
        body = (f'<!doctype html><form id="f" method="post" action="{self.target}/dashboard/{action}">{fields}'
                f'</form><script>document.getElementById("f").submit()</script>').encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_forged_forms_from_another_origin_are_refused_in_a_browser(dashboard, browser):  # noqa: F811
    _, url = dashboard
    attacker = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), type("A", (_Attacker,), {"target": url}))
    threading.Thread(target=attacker.serve_forever, daemon=True).start()
    evil = f"http://localhost:{attacker.server_address[1]}"
    context = browser.new_context()
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(url + "/dashboard/login")
        page.fill("input[name=username]", USER)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/dashboard/$"))
        page.goto(url + "/dashboard/exhibits/mythes")
        widths = page.evaluate("[...document.querySelectorAll('.bar span')].map(e => e.style.width)")
        assert all(w.endswith("%") for w in widths)  # drawn by the script, not an inline style

        for action in ("logout", "login"):
            with page.expect_response(lambda r: r.url.startswith(url) and r.request.method == "POST") as posted:
                page.goto(f"{evil}/{action}")
            assert posted.value.status == 403, action
        page.goto(url + "/dashboard/")
        assert page.url.endswith("/dashboard/")  # still logged in as herself, not as the attacker's account
        assert USER in page.inner_text("header")
        assert violations == []  # the pages, charts and bars break no rule of the policy
    finally:
        context.close()
        attacker.shutdown()


# --- failed logins ------------------------------------------------------------------------
def test_an_account_is_held_after_failures_but_not_from_its_coordinators_browser(dashboard):
    _, url = dashboard
    coordinator = client_from(url, "10.0.0.1")
    assert login(coordinator).status_code == 303  # this browser is known to the account
    attacker = client_from(url, "10.0.0.66")
    for _ in range(5):
        assert login(attacker, USER, "guess").status_code == 401
    held = login(attacker, USER, PASSWORD)  # even the right password waits now
    assert held.status_code == 429 and int(held.headers["Retry-After"]) > 0
    assert "Trop d'essais de connexion : réessayez dans 1 min." in html.unescape(held.text)
    assert not session_of(held)
    elsewhere = client_from(url, "10.0.0.2")  # another, unknown browser: held too
    assert login(elsewhere).status_code == 429
    assert login(coordinator).status_code == 303  # the coordinator's own browser is not
    assert login(client_from(url, "10.0.0.3"), OTHER, PASSWORD).status_code == 303  # other accounts are not


def test_an_address_is_held_after_failures_on_any_account(dashboard):
    _, url = dashboard
    attacker = client_from(url, "10.0.0.99")
    for i in range(10):
        assert login(attacker, f"user{i}", "guess").status_code == 401
    resp = login(attacker, OTHER, PASSWORD)
    assert resp.status_code == 429 and "Trop d'essais" in html.unescape(resp.text)
    attacker.cookies.set("kiosk_dashboard_lang", "en", path="/dashboard")
    assert "Too many login attempts" in login(attacker, OTHER, PASSWORD).text
    assert login(client_from(url, "10.0.0.4"), OTHER, PASSWORD).status_code == 303


def test_holds_are_bounded_and_end():
    now = [0.0]
    throttle = LoginThrottle(ThrottleRules(), clock=lambda: now[0])
    for i in range(1000):  # a long attack from many addresses
        throttle.failed(f"10.1.{i // 250}.{i % 250}", USER)
    assert 0 < throttle.wait_s("10.9.9.9", USER) <= 15 * 60  # never more than 15 minutes at a time
    now[0] += 15 * 60 + 1
    assert throttle.wait_s("10.9.9.9", USER) == 0  # then the coordinator may try
    assert throttle.wait_s("10.9.9.9", USER, known_browser=True) == 0
    throttle.succeeded(USER)
    throttle.failed("10.9.9.9", USER)
    assert throttle.wait_s("10.9.9.9", USER) == 0  # one failure after a success holds nobody
    small = LoginThrottle(ThrottleRules(max_entries=50), clock=lambda: now[0])
    for i in range(10_000):
        small.failed(f"a{i}", f"u{i}")
    assert len(small._addresses) <= 50 and len(small._accounts) <= 50  # memory stays bounded


# --- headers and cookies --------------------------------------------------------------------
def test_security_headers_on_pages_exports_static_files_and_the_api(dashboard):
    _, url = dashboard
    client = client_from(url)
    login_page = client.get("/dashboard/login")
    assert login(client).status_code == 303
    answers = [login_page, client.get("/dashboard/"), client.get("/dashboard/export/days.csv"),
               client.get("/dashboard/static/dashboard.js"), client.get("/api/v1/health")]
    for resp in answers:
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["x-frame-options"] == "DENY"
        assert resp.headers["referrer-policy"] == "same-origin"
        assert "frame-ancestors 'none'" in resp.headers["content-security-policy"]
    page_policy = answers[1].headers["content-security-policy"]
    assert "script-src 'self'" in page_policy and "unsafe-inline" not in page_policy
    assert "default-src 'none'" in answers[-1].headers["content-security-policy"]
    assert "<script>" not in answers[1].text and " style=" not in answers[1].text


def test_cookies_are_httponly_samesite_and_secure_over_https(dashboard):
    _, url = dashboard
    plain = client_from(url)
    resp = login(plain)
    cookies = resp.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("kiosk_dashboard_session="))
    assert "HttpOnly" in session and "SameSite=lax" in session and "Secure" not in session
    # Behind an HTTPS proxy on the same machine (trusted by default): Secure.
    proxied = httpx.Client(base_url=url, timeout=60, headers={"X-Forwarded-Proto": "https"})
    page = proxied.get("/dashboard/login")
    form_cookie = page.headers["set-cookie"]
    assert "Secure" in form_cookie and "HttpOnly" in form_cookie and "SameSite=strict" in form_cookie
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    # (a client keeps Secure cookies for https: hand it over as the browser would)
    resp = proxied.post("/dashboard/login", data={"username": USER, "password": PASSWORD, "csrf_token": token},
                        headers={"Cookie": form_cookie.split(";")[0]})
    assert resp.status_code == 303, resp.text
    for cookie in resp.headers.get_list("set-cookie"):
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite" in cookie, cookie


# --- CSV formula injection ------------------------------------------------------------------
FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)",
            "\tx", "\uff1d1+1"]


def test_every_text_cell_of_every_export_is_neutralised(dashboard):
    """Kiosk-sent texts that reach the exports (ids, versions, sites, errors, unanswered
    questions, unknown kinds) come out as text a spreadsheet does not run; numbers stay."""
    import csv
    import io

    from collector.dashboard import exports
    from collector.kiosks import add_kiosk
    from contract.exports import FORMULA_STARTS
    from tests.dashboard.test_summary import KIOSK, Kiosk

    engine, url = dashboard
    kiosk = Kiosk(url, add_kiosk(engine, KIOSK))
    events = []
    for i, formula in enumerate(FORMULAS):
        short = formula.replace("\t", " x")[:60] if formula.startswith("\t") else formula[:60]
        events += [
            kiosk.event("exhibit_opened", exhibit=short, exhibit_type=short),
            kiosk.event("exhibit_closed", exhibit=short, exhibit_type=short, dwell_s=5.0),
            kiosk.event("myths.answered", exhibit="mythes", statement_id=short, answer="myth", correct=True,
                        time_s=2.0),
            kiosk.event("chatbot.asked", exhibit="chatbot", intent=None, fallback=True, confidence=0.1,
                        language="fr", source="typed", text=formula),
            kiosk.event(f"x{i}.{short}"[:64], note=formula),
        ]
    for event in events:
        event["site"] = FORMULAS[0]
        event["content_version"] = event["exhibit_id"] and FORMULAS[2]
    batch = kiosk.batch(events)
    batch["health"] = {"pending": 0, "app_version": "=1+2", "site": FORMULAS[1], "disk_free_mb": -5.5,
                       "content_versions": {"mythes": "@x"}, "errors": [{"at": "now", "error": "=HYPERLINK(1)"}]}
    resp = httpx.post(url + "/api/v1/events", json=batch, headers={"Authorization": f"Bearer {kiosk.token}"})
    assert resp.status_code == 200, resp.text
    client = client_from(url)
    assert login(client).status_code == 303
    texts, numbers = set(), set()
    for name in exports.COLUMNS:
        resp = client.get(f"/dashboard/export/{name}.csv?start=2000-01-01&end=2100-01-01")
        assert resp.status_code == 200, name
        for row in csv.reader(io.StringIO(resp.text)):
            for cell in row:
                try:
                    float(cell)
                    numbers.add(cell)
                    continue
                except ValueError:
                    pass
                assert not cell.startswith(FORMULA_STARTS), f"{name}.csv: {cell!r} would run as a formula"
                texts.add(cell)
    assert "'=cmd|' /C calc'!A0" in texts and "'+1+1" in texts and "'@SUM(A1:A2)" in texts  # kept, neutralised
    assert "'=1+2" in texts and "'=HYPERLINK(1)" in texts and "'\uff1d1+1" in texts
    assert "-5.5" in numbers  # a number stays a number

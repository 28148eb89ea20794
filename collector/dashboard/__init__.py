"""The coordinators' dashboard, served by the collector under ``/dashboard/``.

``mount(app, engine)`` adds its pages, exports, static files and summary tables to the
collector's FastAPI app; ``collector add-user`` creates the accounts.
"""
from __future__ import annotations

import sys
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine

from collector.dashboard.settings import Settings, SettingsError

STATIC = Path(__file__).parent / "static"


def mount(app: FastAPI, engine: Engine, settings: Settings | None = None) -> None:
    """Serve the dashboard from ``app`` (creates its tables if missing)."""
    from collector.dashboard import web
    from collector.summary import rollup

    if settings is None:
        try:
            settings = Settings.from_env()
        except SettingsError as exc:  # a typo in an environment variable must not stop the collector
            print(f"dashboard: {exc}; using the defaults", file=sys.stderr)
            settings = Settings()
    from collector.dashboard.security import SecurityHeaders

    rollup.ensure_schema(engine)
    app.state.dashboard_settings = settings
    app.include_router(web.make_router(engine, settings))
    # Only the stylesheet, the script and the charting library: no figures without login.
    app.mount(web.PREFIX + "/static", StaticFiles(directory=STATIC), name="dashboard-static")
    app.add_exception_handler(web.LoginRequired, web.login_required_response)
    app.add_exception_handler(web.CsrfRefused, web.csrf_refused_response)
    app.add_middleware(SecurityHeaders, dashboard_prefix=web.PREFIX)

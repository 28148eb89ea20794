"""The dashboard's *Content* page (``/dashboard/releases``): a coordinator uploads a
release file and chooses who gets it, assigns a published release again, and sees per
kiosk the release shown, the one downloading or waiting, and the latest failure with
its reason (from the kiosks' health reports).

Both forms are POSTs checked by :func:`accept_form` (origin and form token); a refused upload is answered with the page and the
reason, nothing stored.
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from collector.dashboard import queries
from collector.dashboard.csrf import CsrfRefused
from collector.releases import keys
from collector.releases.names import names_for
from collector.releases.publish import PublishError, assign, publish
from collector.releases.status import kiosk_releases
from collector.releases.tables import NoReleaseFolder, assignments, ensure_schema, releases
from collector.releases.targets import Target, TargetError, parse
from collector.releases.texts import error_text, tr
from contract.releases.archive import Limits
from contract.releases.messages import ReleaseError

PATH = "/releases"
#: an upload bigger than a release may be is refused before it is read
MAX_UPLOAD_BYTES = Limits().max_bytes + 1024 * 1024


async def accept_form(request: Request, csrf) -> bool:
    """Whether a POST of this page may act: it comes from the dashboard's own pages (the
    browser's Origin, when it sends one, is this server) and carries this browser's form
    token (:mod:`collector.dashboard.csrf`). Checked after the upload's size, so a file
    too big is refused before it is read."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if urlsplit(origin).netloc != host:
            return False
    try:
        await csrf.check(request)
    except CsrfRefused:
        return False
    return True


def add_routes(router: APIRouter, engine: Engine, *, prefix: str, render, user_of, lang_of, csrf) -> None:
    """Mount the page on the dashboard's router, with its login and page layout."""
    ensure_schema(engine)
    page_path = prefix + PATH

    def show(request: Request, user: str, *, status: int = 200, error: str | None = None,
             done: list[str] | None = None, to: str = ""):
        lang = lang_of(request)
        with engine.connect() as conn:
            names = names_for(conn, lang)
            statuses = kiosk_releases(conn, lang, names.version)
            published = conn.execute(select(releases).order_by(releases.c.created_at.desc(),
                                                               releases.c.release_id.desc())).all()
            given = conn.execute(select(assignments).order_by(assignments.c.id.desc())).all()
            choices = queries.choices(conn)
        per_release: dict[str, list] = {}
        for row in given:
            per_release.setdefault(row.release_id, []).append(row)
        showing = {r.release_id: sum(1 for s in statuses if s.shown_id == r.release_id) for r in published}
        getting = {r.release_id: sum(1 for s in statuses if s.assigned_id == r.release_id) for r in published}
        return render(request, "releases.html", status=status, user=user, page="releases",
                      rt=lambda key, **values: tr(key, lang, **values), releases=published,
                      assignments=per_release, showing=showing, getting=getting, kiosks=statuses,
                      choices=choices, trusted=keys.listed(engine), error=error, done=done or [],
                      target_text=lambda kind, value: Target(kind, value).describe(lang), to=to)

    @router.get(page_path, include_in_schema=False)
    def releases_page(request: Request, published: str | None = None, assigned: str | None = None,
                      new: int = 1, to: str = ""):
        user = user_of(request)
        lang = lang_of(request)
        done = []
        release_id = published or assigned
        if release_id:
            with engine.connect() as conn:
                row = conn.execute(select(releases).where(releases.c.release_id == release_id[:64])).first()
            if row is not None:
                if published:
                    done.append(tr("published_page" if new else "already_published", lang, version=row.version,
                                   release_id=row.release_id, exhibits=row.exhibits, key_id=row.key_id))
                targets = [_target(w) for w in to.split("|") if w]
                targets = [t for t in targets if t is not None]
                done.append(tr("assigned", lang, targets=", ".join(t.describe(lang) for t in targets))
                            if targets else tr("not_assigned", lang))
        return show(request, user, done=done)

    @router.post(page_path, include_in_schema=False)
    async def upload(request: Request):
        user = user_of(request)
        lang = lang_of(request)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES:
            return show(request, user, status=413, error=tr("upload_too_big", lang, size=f"{int(declared) >> 20} MB",
                                                               limit=f"{Limits().max_bytes >> 20} MB"))
        form = await request.form(max_files=1, max_fields=20)
        try:
            if not await accept_form(request, csrf):
                return show(request, user, status=403, error=tr("bad_form", lang))
            upload_file = form.get("file")
            if not isinstance(upload_file, UploadFile) or not upload_file.filename:
                return show(request, user, status=400, error=tr("no_file", lang))
            to = str(form.get("to") or "")
            try:
                targets = await run_in_threadpool(_targets, engine, to)
                done = await run_in_threadpool(publish, engine, upload_file.file, file_name=upload_file.filename,
                                               by=user, targets=targets)
            except TargetError as exc:
                return show(request, user, status=400, error=exc.text(lang), to=to)
            except ReleaseError as exc:
                return show(request, user, status=422, error=tr("refused", lang, reason=error_text(exc, lang)),
                            to=to)
            except PublishError as exc:
                return show(request, user, status=409, error=tr(exc.key, lang, **exc.values), to=to)
            except NoReleaseFolder as exc:
                return show(request, user, status=503, error=tr("no_folder", lang, detail=str(exc)), to=to)
        finally:
            await form.close()
        return RedirectResponse(f"{page_path}?published={done.manifest.release_id}&new={int(done.new)}"
                                f"&to={quote(_encode(done.assigned))}", status_code=303)

    @router.post(page_path + "/assign", include_in_schema=False)
    async def assign_form(request: Request):
        user = user_of(request)
        lang = lang_of(request)
        form = await request.form(max_files=0, max_fields=20)
        if not await accept_form(request, csrf):
            return show(request, user, status=403, error=tr("bad_form", lang))
        release_id = str(form.get("release_id") or "")[:64]
        to = str(form.get("to") or "")
        try:
            targets = await run_in_threadpool(_targets, engine, to)
            if not targets:
                return show(request, user, status=400, error=tr("target_none", lang))
            await run_in_threadpool(_assign, engine, release_id, targets, user)
        except TargetError as exc:
            return show(request, user, status=400, error=exc.text(lang))
        except PublishError as exc:
            return show(request, user, status=404, error=tr(exc.key, lang, **exc.values))
        return RedirectResponse(f"{page_path}?assigned={release_id}&to={quote(_encode(targets))}", status_code=303)


def _targets(engine: Engine, to: str) -> list[Target]:
    """The form's choice: "" (nobody yet), "all", or "kind:value"."""
    if not to:
        return []
    with engine.connect() as conn:
        return parse(conn, [to])


def _assign(engine: Engine, release_id: str, targets: list[Target], by: str) -> None:
    with engine.begin() as conn:
        assign(conn, release_id, targets, by)


def _encode(targets: list[Target]) -> str:
    return "|".join("all" if t.kind == "all" else f"{t.kind}:{t.value}" for t in targets)


def _target(word: str) -> Target | None:
    if word == "all":
        return Target("all")
    kind, _, value = word.partition(":")
    return Target(kind, value) if kind in ("departement", "site", "kiosk") and value else None

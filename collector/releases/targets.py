"""Who gets a release: every kiosk, a département, a site, or one kiosk. A kiosk's
site and département are those of its latest health report. The most recent
assignment that covers a kiosk wins, whatever its scope: publishing to every kiosk
after a pilot on one site reaches that site too."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection

from collector import db

from .tables import assignments, releases
from .texts import tr

KINDS = ("all", "departement", "site", "kiosk")
PREFIXES = {"kiosk": "kiosk", "borne": "kiosk", "site": "site", "dept": "departement", "departement": "departement",
            "département": "departement"}
DEPARTEMENT = re.compile(r"^(0?[1-9]|[1-8][0-9]|9[0-5]|2[AaBb]|97[1-6])$")


@dataclass(frozen=True)
class Target:
    kind: str
    value: str = ""

    def describe(self, lang: str = "fr") -> str:
        return tr(f"target_{self.kind}", lang, target=self.value)

    def covers(self, kiosk_id: str, site: str | None, departement: str | None) -> bool:
        return (self.kind == "all" or (self.kind == "kiosk" and self.value == kiosk_id)
                or (self.kind == "site" and site is not None and self.value == site)
                or (self.kind == "departement" and departement is not None and self.value == departement))


EVERYONE = Target("all")


class TargetError(ValueError):
    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(tr(key, "en", **values))

    def text(self, lang: str) -> str:
        return tr(self.key, lang, **self.values)


def parse(conn: Connection, words: list[str]) -> list[Target]:
    """``all``, ``kiosk:ID``, ``site:NAME``, ``dept:NN``, or a bare kiosk id, site or
    département known to the collector (a département number needs no kiosk yet)."""
    k = db.kiosks
    rows = conn.execute(select(k.c.kiosk_id, k.c.site, k.c.departement)).all()
    known = {"kiosk": {r.kiosk_id for r in rows}, "site": {r.site for r in rows if r.site},
             "departement": {r.departement for r in rows if r.departement}}
    out: list[Target] = []
    for word in words:
        word = word.strip()
        if not word:
            continue
        if word.lower() in ("all", "tout", "toutes", "*"):
            target = EVERYONE
        elif ":" in word and word.split(":", 1)[0].lower() in PREFIXES:
            prefix, value = word.split(":", 1)
            kind = PREFIXES[prefix.lower()]
            value = value.strip()
            if not value or (kind == "kiosk" and value not in known["kiosk"]):
                raise TargetError("target_unknown", target=word)
            target = Target(kind, value.upper() if kind == "departement" else value)
        else:
            kinds = [kind for kind in ("kiosk", "site", "departement") if word in known[kind]]
            if not kinds and DEPARTEMENT.match(word):
                kinds = ["departement"]
            if not kinds:
                raise TargetError("target_unknown", target=word)
            if len(kinds) > 1:
                raise TargetError("target_ambiguous", target=word, what=", ".join(kinds))
            target = Target(kinds[0], word.upper() if kinds[0] == "departement" else word)
        if target not in out:
            out.append(target)
    return out


def assigned_release(conn: Connection, kiosk_id: str):
    """The release row assigned to this kiosk (None: nothing assigned)."""
    k = db.kiosks
    kiosk = conn.execute(select(k.c.site, k.c.departement).where(k.c.kiosk_id == kiosk_id)).first()
    a = assignments
    covering = [a.c.target_kind == "all", and_(a.c.target_kind == "kiosk", a.c.target == kiosk_id)]
    if kiosk is not None and kiosk.site:
        covering.append(and_(a.c.target_kind == "site", a.c.target == kiosk.site))
    if kiosk is not None and kiosk.departement:
        covering.append(and_(a.c.target_kind == "departement", a.c.target == kiosk.departement))
    return conn.execute(select(releases).join(a, a.c.release_id == releases.c.release_id)
                        .where(or_(*covering)).order_by(a.c.id.desc()).limit(1)).first()


def all_assignments(conn: Connection) -> list:
    """Every assignment, latest first (small: one row per decision a coordinator made)."""
    return conn.execute(select(assignments).order_by(assignments.c.id.desc())).all()


def assigned_from(rows: list, kiosk_id: str, site: str | None, departement: str | None) -> str | None:
    """The release id ``all_assignments`` gives this kiosk."""
    for row in rows:
        if Target(row.target_kind, row.target).covers(kiosk_id, site, departement):
            return row.release_id
    return None

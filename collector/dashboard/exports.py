"""CSV exports. The column names are a stable interface, declared in the contract
(:mod:`contract.exports` for the shell's, each exhibit type's tables for theirs) and
documented from there in ``docs/coordinators/csv-columns.md``: add columns at the end,
never rename or remove one. UTF-8, comma-separated, dot as decimal mark, times in UTC
ISO 8601 for raw events and local dates/hours for the aggregates. Every row of every
export goes through :func:`csv_lines`, which neutralises text cells a spreadsheet would
run as formulas (:func:`contract.exports.neutralise_cell`)."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from collector.dashboard.figures import exports
from contract.exports import neutralise_cell

#: export name -> its columns, in order
COLUMNS: dict[str, list[str]] = {name: e.column_names for name, e in exports().items()}


def _iso(value) -> str:
    return value.isoformat(timespec="milliseconds") + "Z" if value is not None else ""


def _num(value, digits: int = 3) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{round(value, digits):g}" if abs(value) < 1e15 else str(value)
    return str(value)


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    """Each row as one CSV line (quoting as needed, formulas neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def event_row(r, names=None) -> list:
    data = r.data if not isinstance(r.data, str) else json.loads(r.data)
    return [r.event_id, r.kiosk_id, r.seq, r.kind, r.exhibit_id or "", r.content_version or "", r.visit_id or "",
            r.site or "", r.departement or "", _iso(r.time), _iso(r.wall_time), _iso(r.received_at),
            "true" if r.clock_corrected else "false", r.source,
            json.dumps(data, ensure_ascii=False, sort_keys=True),
            names.version(r.content_version) if names and r.content_version else r.content_version or ""]


def day_rows(overview) -> list[list]:
    return [[d["day"], d["visits"], d["visits_ended"], _num(d["avg_visit_s"], 1), d["exhibits_opened"]]
            for d in overview.by_day]


def hour_rows(overview) -> list[list]:
    return [[h["hour"], h["visits"], h["exhibits_opened"]] for h in overview.by_hour]


def exhibit_rows(exhibits: list[dict], names=None) -> list[list]:
    return [[e["exhibit_id"], e["exhibit_type"] or "", e["opened"], e["closed"], _num(e["avg_dwell_s"], 1),
             (names.exhibit(e["exhibit_id"]) if names else None) or ""]
            for e in exhibits]


def kiosk_rows(kiosks: list[dict]) -> list[list]:
    return [[k["kiosk_id"], k["site"] or "", k["departement"] or "", _iso(k["last_seen_at"]),
             _iso(k["last_sync_at"]), _num(k["pending"]), k["app_version"] or "",
             " ".join(f"{e}={v}" if e else str(v) for e, v in sorted(k["content_versions"].items())),
             _num(k["disk_free_mb"], 1), "true" if k["disk_low"] else "false", _num(k["errors"]),
             k["last_error"] or "", k["visits"], "true" if k["silent"] else "false"] for k in kiosks]

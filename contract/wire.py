"""The envelope of what a kiosk sends: a batch (HTTP) of events, each with its id,
kind, times and ``data``; the collector's acknowledgement.

A batch is JSON ``{kiosk_id, sent_at, sent_mono_ns, boot_id, health, events: [...]}``,
gzip-compressed on the wire (:func:`encode`). The envelope is checked here; each
event's ``data`` is checked against its kind in the event catalogue
(:mod:`contract.events`) by whoever knows the catalogue (kiosk and collector both do).
"""
from __future__ import annotations

import functools
import gzip
import json
import math
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema, model_validator

from .events import Privacy, data_field
from .jsonsafe import check_event_data, check_json, is_short_text, size_problem
from .limits import (BUNDLE_MAX_EVENTS, DEPARTEMENT_TEXT, MAX_DATA_TEXT, MAX_DEPTH, MAX_EVENT_DATA_BYTES, MAX_EVENTS,
                     MAX_HEALTH_BYTES, MAX_HEALTH_ERRORS, MAX_INT, SHORT_TEXT, SITE_TEXT)

EVENTS_PATH = "/api/v1/events"

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")]


def _short(value: str) -> str:
    if not is_short_text(value):
        raise ValueError(f"printable text of 1 to {SHORT_TEXT} characters expected")
    return value


#: What the kiosk's cleaning guarantees (contract.jsonsafe.short_text): a field it may
#: send must never make a batch fail, or one event would hold back all the others.
#: (Printable: no control, format or separator character but the space; the pattern
#: tells clients the gist of it.)
Short = Annotated[str, StringConstraints(min_length=1, max_length=SHORT_TEXT, pattern=r"^[^\x00-\x1f\x7f-\x9f]+$"),
                  AfterValidator(_short)]
Site = Annotated[str, StringConstraints(max_length=SITE_TEXT)]
Departement = Annotated[str, StringConstraints(max_length=DEPARTEMENT_TEXT)]


def _finite_time(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("not a plausible time in seconds since 1970")
    return value


#: Seconds since 1970, from 1970 to 2286: anything else is not a clock reading.
Timestamp = Annotated[float, Field(gt=0, lt=1e10, allow_inf_nan=False), AfterValidator(_finite_time)]
#: An event's own fields: JSON every database takes (contract.jsonsafe), within limits.
JsonObject = Annotated[dict[str, Any], AfterValidator(check_event_data), WithJsonSchema({
    "type": "object", "additionalProperties": True,
    "description": (f"Any JSON object, the kind's fields (the event catalogue checks a known kind's): "
                    f"at most {MAX_EVENT_DATA_BYTES} bytes as compact UTF-8 JSON, texts of at most "
                    f"{MAX_DATA_TEXT} characters without NUL, finite numbers, integers within ±2^53, "
                    f"at most {MAX_DEPTH} levels of nesting"),
})]
Count = Annotated[int, Field(ge=0, le=MAX_INT)]
Finite = Annotated[float, Field(allow_inf_nan=False, ge=-1e15, le=1e15)]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


T, C, A = Privacy.TECHNICAL, Privacy.CONTENT, Privacy.ANONYMOUS


class WireEvent(WireModel):
    """What every event carries besides its own ``data``."""

    event_id: Id = data_field("Identifiant aléatoire de l'événement (une fois reçu, jamais compté deux fois)",
                              "Random id of the event (received once, never counted twice)", privacy=T)
    seq: int = data_field("Numéro d'ordre de l'événement sur la borne", "The event's sequence number on the kiosk",
                          privacy=T, ge=1, lt=2**63)
    kind: Short = data_field("Type d'événement (ci-dessous)", "Kind of event (below)", privacy=T)
    exhibit_id: Short | None = data_field("Module concerné (vide pour la visite elle-même)",
                                          "Exhibit concerned (empty for the visit itself)", privacy=C, default=None)
    content_version: Short | None = data_field("Version du contenu de ce module", "Version of that exhibit's content",
                                               privacy=C, default=None)
    visit_id: Short | None = data_field("Identifiant de visite : un nombre aléatoire tiré au début de la visite, "
                                        "oublié à sa fin ; il relie les événements d'une même visite, jamais une "
                                        "personne", "Visit id: a random number drawn when the visit starts and "
                                        "forgotten when it ends; it ties one visit's events together, never a person",
                                        privacy=T, default=None)
    wall_time: Timestamp = data_field("Heure de la borne", "The kiosk's clock", privacy=T)
    mono_ns: int = data_field("Horloge interne de la borne depuis son démarrage (pour corriger son heure)",
                              "The kiosk's internal clock since it started (to correct its time)", privacy=T,
                              ge=0, lt=2**63)
    boot_id: Id = data_field("Identifiant du démarrage de la borne", "Id of the kiosk's current boot", privacy=T)
    site: Site | None = data_field("Site où est la borne (réglage de la borne)", "Site of the kiosk (its setting)",
                                   privacy=T, default=None)
    departement: Departement | None = data_field("Département du site", "Département of the site", privacy=T,
                                                 default=None)
    data: JsonObject = data_field("Les champs propres au type d'événement (ci-dessous)",
                                  "The fields of the kind of event (below)", privacy=A, default_factory=dict)


class Health(BaseModel):
    """A kiosk's health report, sent with its first batch of each sync. The fields the
    collector reads are typed; a newer kiosk's other fields are kept as they are (still
    JSON every database takes)."""

    model_config = ConfigDict(extra="allow")

    pending: Count | None = data_field("Événements encore à envoyer", "Events still to send", privacy=T, default=None)
    recorded: Count | None = data_field("Événements enregistrés depuis l'installation",
                                        "Events recorded since installation", privacy=T, default=None)
    rejected: Count | None = data_field("Événements refusés par le collecteur (gardés sur la borne)",
                                        "Events the collector refused (kept on the kiosk)", privacy=T, default=None)
    invalid_events: Count | None = data_field("Événements écartés car non conformes au catalogue",
                                              "Events dropped: they did not match the catalogue", privacy=T,
                                              default=None)
    disk_free_mb: Finite | None = data_field("Espace disque libre (Mo)", "Free disk space (MB)", privacy=T,
                                             default=None)
    disk_low: bool | None = data_field("Disque presque plein", "Disk nearly full", privacy=T, default=None)
    store_bytes: Count | None = data_field("Taille du fichier de statistiques", "Size of the statistics file",
                                           privacy=T, default=None)
    app_version: Short | None = data_field("Version du logiciel", "Software version", privacy=T, default=None)
    content_version: Short | None = data_field("Version du contenu affiché", "Version of the content shown",
                                               privacy=C, default=None)
    content_versions: dict[str, Any] | None = data_field("Version du contenu de chaque module",
                                                         "Content version of each exhibit", privacy=C, default=None)
    uptime_s: Finite | None = data_field("Depuis quand le logiciel tourne (s)", "How long the software has run (s)",
                                         privacy=T, default=None)
    system_uptime_s: Finite | None = data_field("Depuis quand la machine tourne (s)",
                                                "How long the machine has run (s)", privacy=T, default=None)
    site: Site | None = data_field("Site (réglage de la borne)", "Site (the kiosk's setting)", privacy=T,
                                   default=None)
    departement: Departement | None = data_field("Département du site", "Département of the site", privacy=T,
                                                 default=None)
    errors: list[Any] | None = data_field("Erreurs techniques depuis la dernière synchronisation (heure, message)",
                                          "Technical errors since the last sync (time, message)", privacy=T,
                                          default=None, max_length=MAX_HEALTH_ERRORS)
    python: Short | None = data_field("Version de Python", "Python version", privacy=T, default=None)
    machine: Short | None = data_field("Type de processeur (aarch64…)", "Processor type (aarch64…)", privacy=T,
                                       default=None)
    health_extra_error: str | None = data_field("Erreur en préparant ce rapport", "Error while making this report",
                                                privacy=T, default=None)
    # Content releases: read by the dashboard defensively, so any JSON object passes here.
    release: dict[str, Any] | None = data_field(
        "Version du contenu affichée, celle en attente, la précédente, le dernier échec et sa raison",
        "Content release shown, the one waiting, the previous one, the latest failure and why",
        privacy=T, default=None)
    download: dict[str, Any] | None = data_field(
        "Version du contenu en cours de téléchargement : octets reçus, état, raison d'un échec",
        "Content release being downloaded: bytes received, state, why it failed",
        privacy=T, default=None)

    @model_validator(mode="after")
    def _storable(self) -> "Health":
        check_json(self.model_extra or {})
        check_json({"errors": self.errors, "content_versions": self.content_versions, "release": self.release,
                    "download": self.download})
        problem = size_problem(self.reported(), MAX_HEALTH_BYTES, "health report")
        if problem:
            raise ValueError(problem)
        return self

    def reported(self) -> dict[str, Any]:
        """The fields the kiosk sent (a partial report holds only ``pending``)."""
        return self.model_dump(exclude_unset=True)


def _unique_ids(events: list[WireEvent]) -> list[WireEvent]:
    first: dict[str, int] = {}
    for i, event in enumerate(events):
        if event.event_id in first:
            raise ValueError(f"event id {event.event_id} appears twice (events.{first[event.event_id]} "
                             f"and events.{i}): a batch holds each event once")
        first[event.event_id] = i
    return events


class Batch(WireModel):
    kiosk_id: Id
    sent_at: Timestamp
    sent_mono_ns: int = Field(ge=0, lt=2**63)
    boot_id: Id
    health: Health = Field(default_factory=Health)
    events: Annotated[list[WireEvent], AfterValidator(_unique_ids)] = Field(
        max_length=MAX_EVENTS, description="each event id at most once")


class BundleBatch(Batch):
    """A USB bundle: the same batch, bigger (it is imported by hand, not over HTTP)."""

    events: Annotated[list[WireEvent], AfterValidator(_unique_ids)] = Field(max_length=BUNDLE_MAX_EVENTS)


class Ack(BaseModel):
    accepted: list[str] = Field(description="ids written by this request")
    known: list[str] = Field(description="ids the collector already had (a replay): nothing written")
    received_at: str = Field(description="server time (UTC, ISO 8601)")


def encode(batch: dict) -> bytes:
    """The batch as gzip-compressed JSON. Events are dumped one by one: the JSON encoder
    holds the GIL for a whole call, and the UI thread must not wait for 1,000 events."""
    head = {k: v for k, v in batch.items() if k != "events"}
    dumps = functools.partial(json.dumps, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    text = (dumps(head)[:-1] + ("," if head else "") + '"events":['
            + ",".join(dumps(e) for e in batch["events"]) + "]}")
    # Level 5: nearly the ratio of 9 at a fraction of the CPU a Pi has to spare.
    return gzip.compress(text.encode(), compresslevel=5)

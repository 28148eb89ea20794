"""Loading and checking the content folder (``exhibits/``).

One file = one exhibit. A file with any error is skipped, the others load: one broken
file never takes the exhibition down. ``launch.py check`` and the running kiosk share
this code, so they always agree on what is shown.
"""
from __future__ import annotations

import difflib
import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .diagnostics import (
    Diagnostic,
    DiagnosticSink,
    display_path,
    message,
    syntax_diagnostic,
    validation_diagnostics,
)
from .schema import AssetMarker, CheckContext, Exhibition, ExhibitHeader, LocalizedMarker, walk_marked
from .yamlsource import YamlSyntaxError, load_yaml, read_source

log = logging.getLogger(__name__)

EXHIBITION_FILE = "exhibition.yaml"

#: Used when exhibition.yaml is missing or broken, so the kiosk still starts (and says why).
FALLBACK_EXHIBITION = Exhibition(
    name={"fr": "Exposition", "en": "Exhibition"},
    version="?",
    languages=["fr", "en"],
    attract={
        "title": {"fr": "Exposition", "en": "Exhibition"},
        "subtitle": {"fr": "Bienvenue", "en": "Welcome"},
        "touch": {"fr": "Touchez l'écran", "en": "Touch the screen"},
    },
)


@dataclass
class LoadedExhibit:
    definition: ExhibitHeader
    exhibit_type: Any  # kiosk.exhibits.registry.ExhibitType
    path: Path
    version: str  # hash of the file: statistics stay meaningful when content changes

    @property
    def id(self) -> str:
        return self.definition.id


@dataclass
class Content:
    root: Path
    exhibition: Exhibition
    exhibits: list[LoadedExhibit] = field(default_factory=list)  # valid and enabled, in order
    disabled: list[LoadedExhibit] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)
    version: str = ""
    exhibition_sink: Any = None  # while loading only

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def exhibit(self, exhibit_id: str) -> LoadedExhibit | None:
        return next((e for e in self.exhibits if e.id == exhibit_id), None)


def _content_files(root: Path) -> list[Path]:
    files = [
        p
        for p in sorted(root.iterdir())
        if p.suffix in (".yaml", ".yml") and p.is_file() and not p.name.startswith((".", "_"))
    ]
    return [p for p in files if p.name != EXHIBITION_FILE]


def _check_marked(model, sink: DiagnosticSink, root: Path, languages: list[str]) -> None:
    """Translations present, languages known, referenced files existing."""
    for loc, value, marker in walk_marked(model):
        if isinstance(marker, LocalizedMarker):
            for lang in languages:
                if lang not in value:
                    sink.warning(loc, message("translation_missing", language=lang))
            for lang in value:
                if lang not in languages:
                    sink.warning(loc + (lang,), message("language_unknown", language=lang,
                                                       languages=", ".join(languages)))
        elif isinstance(marker, AssetMarker):
            _check_asset(value, loc, sink, root)


def _check_asset(value: str, loc, sink: DiagnosticSink, root: Path) -> None:
    """The file exists, inside the content folder. The schema has refused paths the
    system cannot take; a link loop or a vanished folder is still said, not raised."""
    try:
        target = (root / value).resolve()
        if root.resolve() not in target.parents:
            sink.error(loc, message("path_outside", path=value))
        elif not target.is_file():
            sink.error(loc, message("path_not_found", path=value, folder=display_path(root)))
    except RuntimeError:  # pathlib's word for a symbolic link loop
        sink.error(loc, message("path_link_loop", path=value))
    except (OSError, ValueError) as exc:
        sink.error(loc, message("path_unusable", path=value, reason=getattr(exc, "strerror", None) or type(exc).__name__))


def _load_exhibition(root: Path, content: Content) -> Exhibition | None:
    path = root / EXHIBITION_FILE
    sink = DiagnosticSink(None, path)
    if not path.is_file():
        sink.error((), message("exhibition_file_missing", file=EXHIBITION_FILE))
        content.diagnostics += sink.report()
        return None
    try:
        exhibition = _check_exhibition(path, root, sink)
    except Exception as exc:  # a bug must not keep the kiosk from starting: say it
        log.exception("checking %s", path)
        sink.error((), message("internal_error", error=type(exc).__name__))
        exhibition = None
    if exhibition is not None and exhibition.attract.slides:
        content.exhibition_sink = sink  # the slides name exhibits: checked once they are loaded
    content.diagnostics += sink.report()
    return None if sink.has_errors else exhibition


def _check_exhibition(path: Path, root: Path, sink: DiagnosticSink) -> Exhibition | None:
    try:
        doc = load_yaml(path)
    except YamlSyntaxError as exc:
        sink.add(syntax_diagnostic(exc))
        return None
    sink.doc = doc
    if doc.data is not None and not isinstance(doc.data, dict):
        sink.error((), message("exhibition_not_group"))
        return None
    try:
        exhibition = Exhibition.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as exc:
        validation_diagnostics(exc, Exhibition, sink)
        return None
    _check_marked(exhibition, sink, root, list(exhibition.languages))
    exhibition.check(CheckContext(sink, list(exhibition.languages)))
    return exhibition


def _load_exhibit(path: Path, raw: bytes, root: Path, languages: list[str], types: dict,
                  seen: dict[str, Path]) -> tuple[LoadedExhibit | None, DiagnosticSink]:
    sink = DiagnosticSink(None, path)
    try:
        doc = load_yaml(path, raw)
    except YamlSyntaxError as exc:
        sink.add(syntax_diagnostic(exc))
        return None, sink
    sink.doc = doc
    data = doc.data
    if not isinstance(data, dict):
        sink.error((), message("exhibit_not_group"))
        return None, sink
    type_name = data.get("type")
    known = ", ".join(sorted(types))
    if type_name is None:
        sink.error(("type",), message("type_missing", known=known))
        return None, sink
    exhibit_type = types.get(type_name) if isinstance(type_name, str) else None
    if exhibit_type is None:
        close = difflib.get_close_matches(type_name[:100], list(types), n=1) if isinstance(type_name, str) else []
        if close:
            sink.error(("type",), message("type_unknown_close", found=type_name, known=known, close=close[0]))
        else:
            sink.error(("type",), message("type_unknown", found=type_name, known=known))
        return None, sink
    try:
        definition = exhibit_type.schema.model_validate(data)
    except ValidationError as exc:
        validation_diagnostics(exc, exhibit_type.schema, sink)
        return None, sink
    _check_marked(definition, sink, root, languages)
    definition.check(CheckContext(sink, languages, messages=f"{exhibit_type.name}."))
    if definition.id in seen:
        sink.error(("id",), message("exhibit_duplicate_id", id=definition.id, file=display_path(seen[definition.id])))
    if sink.has_errors:
        return None, sink
    seen[definition.id] = path
    version = hashlib.sha256(raw).hexdigest()[:10]
    return LoadedExhibit(definition, exhibit_type, path, version), sink


def _load_file(path: Path, root: Path, languages: list[str], types: dict, seen: dict[str, Path],
               digest) -> tuple[LoadedExhibit | None, DiagnosticSink]:
    """One exhibit file: whatever it holds, a diagnostic rather than an exception."""
    try:
        raw = read_source(path)
    except YamlSyntaxError as exc:
        sink = DiagnosticSink(None, path)
        sink.add(syntax_diagnostic(exc))
        digest.update(os.fsencode(path.name) + b"\0" + exc.kind.encode())
        return None, sink
    digest.update(os.fsencode(path.name) + b"\0" + raw)
    try:
        return _load_exhibit(path, raw, root, languages, types, seen)
    except Exception as exc:  # a bug must not keep the kiosk from starting: say it, skip the file
        log.exception("checking %s", path)
        sink = DiagnosticSink(None, path)
        sink.error((), message("internal_error", error=type(exc).__name__))
        return None, sink


def _read_for_digest(path: Path) -> bytes:
    try:
        return read_source(path)
    except YamlSyntaxError as exc:  # reported by the exhibition's check
        return exc.kind.encode()


def _check_references(content: Content, sinks: dict[Path, DiagnosticSink]) -> None:
    """Second pass: an exhibit whose references are broken is skipped too."""
    languages = list(content.exhibition.languages)
    by_id = {e.id: e.definition for e in content.exhibits + content.disabled}
    for group in (content.exhibits, content.disabled):
        for loaded in list(group):
            sink = DiagnosticSink(sinks[loaded.path].doc, loaded.path)  # positions of the first pass
            try:
                report = CheckContext(sink, languages, messages=f"{loaded.exhibit_type.name}.")
                loaded.definition.check_references(report, by_id)
            except Exception as exc:  # a bug must not keep the kiosk from starting: say it
                log.exception("checking the references of %s", loaded.path)
                sink.error((), message("internal_error", error=type(exc).__name__))
            content.diagnostics += sink.report()
            if sink.has_errors:
                group.remove(loaded)
                content.skipped_files.append(display_path(loaded.path))


def _check_slides(content: Content) -> None:
    sink = content.exhibition_sink
    if sink is not None:
        before = len(sink.items)
        content.exhibition.attract.check_references(CheckContext(sink, list(content.exhibition.languages)),
                                                    [e.id for e in content.exhibits])
        content.diagnostics += sink.items[before:]
        content.exhibition_sink = None


def load_content(root: Path | str, types: dict | None = None) -> Content:
    """Load and check every file of the content folder. Never raises for bad content."""
    from kiosk.exhibits import exhibit_types

    root = Path(root)
    types = exhibit_types() if types is None else types
    content = Content(root=root, exhibition=FALLBACK_EXHIBITION)
    if not root.is_dir():
        content.diagnostics.append(
            Diagnostic("error", display_path(root), None, None, "", message("content_folder_missing"))
        )
        return content
    try:
        files = _content_files(root)
    except OSError as exc:
        content.diagnostics.append(Diagnostic("error", display_path(root), None, None, "",
                                              message("file_unreadable", reason=exc.strerror or str(exc))))
        return content
    exhibition = _load_exhibition(root, content)
    if exhibition is not None:
        content.exhibition = exhibition
    languages = list(content.exhibition.languages)
    digest = hashlib.sha256()
    if (root / EXHIBITION_FILE).is_file():
        digest.update(_read_for_digest(root / EXHIBITION_FILE))
    seen: dict[str, Path] = {}
    sinks: dict[Path, DiagnosticSink] = {}  # kept until the references are checked
    for path in files:
        loaded, sinks[path] = _load_file(path, root, languages, types, seen, digest)
        content.diagnostics += sinks[path].report()
        if loaded is None:
            content.skipped_files.append(display_path(path))
        elif loaded.definition.enabled:
            content.exhibits.append(loaded)
        else:
            content.disabled.append(loaded)
    _check_references(content, sinks)
    _check_slides(content)
    content.exhibits.sort(key=lambda e: (e.definition.order, e.id))
    content.version = f"{content.exhibition.version}+{digest.hexdigest()[:8]}"
    return content

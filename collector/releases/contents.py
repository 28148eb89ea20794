"""What a release says about its exhibits, read once when it is published: each
exhibit's id, type, title and the content version its events carry, and the texts of
the content ids its figures name (a statement's text, an intent's question).

Which texts to read is declared by the exhibit types' figures (a key column's
:class:`contract.figures.ContentText`): nothing here names a type. Only the paths
declared are walked, and every text is clipped, so an odd file costs little.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import yaml

from collector.catalogue import manifests
from contract.figures import ContentText
from contract.releases.messages import ReleaseError
from contract.releases.verify import SignedRelease, read_file

EXHIBITION_FILE = "exhibition.yaml"
MAX_TEXT = 300
MAX_YAML_BYTES = 8 * 1024 * 1024
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class ExhibitContent:
    exhibit_id: str
    exhibit_type: str
    path: str
    content_version: str
    title: dict[str, str] = field(default_factory=dict)
    #: ContentText kind -> content id -> {language: text}
    texts: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)


def content_texts(type_name: str) -> list[ContentText]:
    """The content ids a type's figures name, one per kind."""
    manifest = manifests().get(type_name)
    found: dict[str, ContentText] = {}
    for section in manifest.figures if manifest else ():
        for table in section.tables:
            for column in table.columns:
                if column.content is not None:
                    found.setdefault(column.content.kind, column.content)
    return list(found.values())


def read_exhibits(release: SignedRelease) -> list[ExhibitContent]:
    """Every exhibit of the release, with its names."""
    check = release.manifest.check
    sizes = {f.path: f for f in release.manifest.files}
    if check.exhibit_files:
        listed = [(i, e.type, e.path, e.version) for i, e in check.exhibit_files.items()]
    else:  # a release built before the manifest listed its exhibits: the loader's rule
        listed = [(None, None, f.path, f.sha256[:10]) for f in release.manifest.files
                  if "/" not in f.path and PurePosixPath(f.path).suffix in (".yaml", ".yml")
                  and f.path != EXHIBITION_FILE and not f.path.startswith((".", "_"))]
    data: dict[str, dict] = {}
    found: list[ExhibitContent] = []
    for exhibit_id, type_name, path, version in listed:
        doc = _load(release, path, sizes)
        exhibit_id = exhibit_id or _short(doc.get("id"))
        type_name = type_name or _short(doc.get("type"))
        if not exhibit_id or not type_name:
            continue
        data[exhibit_id] = doc
        found.append(ExhibitContent(exhibit_id, type_name, path, version, title=_localized(doc.get("title"))))
    for exhibit in found:
        doc = data[exhibit.exhibit_id]
        for ref in content_texts(exhibit.exhibit_type):
            source = _linked(exhibit.exhibit_type, doc, data) if ref.linked else doc
            exhibit.texts[ref.kind] = _texts(source or {}, ref)
    return found


def _linked(type_name: str, doc: dict, data: dict[str, dict]) -> dict | None:
    """The exhibit of the release this one names in a field its type declares as a link."""
    manifest = manifests().get(type_name)
    for link in manifest.links if manifest else ():
        target = data.get(_short(doc.get(link.field)) or "")
        if target is not None and target.get("type") == link.type:
            return target
    return None


def _load(release: SignedRelease, path: str, sizes) -> dict:
    entry = sizes.get(path)
    if entry is None or entry.size > MAX_YAML_BYTES:
        return {}
    raw = read_file(release, path)  # checked against its SHA-256
    try:
        doc = yaml.load(raw, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return {}  # not for naming: the kiosk's check decides whether it is shown
    except RecursionError:
        raise ReleaseError("file.damaged", detail=f"{path}: nested too deep") from None
    return doc if isinstance(doc, dict) else {}


def _short(value: Any) -> str | None:
    return value[:64] if isinstance(value, str) and value else None


def _localized(value: Any) -> dict[str, str]:
    """``{language: text}`` (texts clipped); a list per language gives its first text."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for lang, text in value.items():
            if isinstance(text, list):
                text = text[0] if text else None
            if isinstance(lang, str) and isinstance(text, str) and text.strip():
                out[lang[:8]] = " ".join(text.split())[:MAX_TEXT]
    elif isinstance(value, str) and value.strip():
        out[""] = " ".join(value.split())[:MAX_TEXT]  # one text for every language
    return out


def _texts(source: dict, ref: ContentText) -> dict[str, dict[str, str]]:
    items = source.get(ref.items)
    out: dict[str, dict[str, str]] = {}
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict):
            continue
        key = item.get(ref.id)
        if not isinstance(key, str) or key in out:
            continue
        text: dict[str, str] = {}
        for name in ref.text:  # the first field giving a language wins for that language
            for lang, value in _localized(item.get(name)).items():
                text.setdefault(lang, value)
        if text:
            out[key[:200]] = text
    return out

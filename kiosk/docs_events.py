"""Two references generated from the event catalogue, so they always say exactly what
the kiosk collects and what the dashboard exports:

- ``docs/coordinators/privacy-register.md``: what this kiosk collects, for the privacy
  officer (French first, English beside): every field of every event and of the health
  report, its privacy class, and the settings that allow free text;
- ``docs/coordinators/csv-columns.md``: the dashboard's CSV exports and their columns.

``python launch.py docs privacy-register`` and ``docs csv-columns`` write them; the
tests fail while a file is out of date (``--check``).
"""
from __future__ import annotations

from contract.events import PRIVACY_WORDS, EventData, Privacy, field_rows
from contract.exports import all_exports
from contract.shell import SHELL_KINDS
from contract.wire import Health, WireEvent
from kiosk import PROJECT_ROOT

REGISTER_MD = PROJECT_ROOT / "docs" / "coordinators" / "privacy-register.md"
CSV_MD = PROJECT_ROOT / "docs" / "coordinators" / "csv-columns.md"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _class_words(row: dict) -> tuple[str, str]:
    if row["privacy"] is Privacy.FREE_TEXT:
        return (f"**texte libre**, seulement si `{row['setting']}` est activé (désactivé par défaut)",
                f"**free text**, only when `{row['setting']}` is on (off by default)")
    return {Privacy.ANONYMOUS: ("anonyme", "anonymous"), Privacy.CONTENT: ("contenu", "content"),
            Privacy.TECHNICAL: ("technique", "technical")}[row["privacy"]]


def _field_table(model) -> list[str]:
    lines = ["| champ / field | valeur / value | signification | meaning | classe / class |",
             "| --- | --- | --- | --- | --- |"]
    for row in field_rows(model):
        fr, en = _class_words(row)
        optional = "" if row["required"] else " (peut manquer / may be absent)"
        lines.append(f"| `{row['name']}` | {_cell(row['type'])}{optional} | {_cell(row['fr'])} | {_cell(row['en'])} "
                     f"| {fr} / {en} |")
    return lines


def _settings(kinds) -> dict[str, list[tuple[str, dict]]]:
    found: dict[str, list[tuple[str, dict]]] = {}
    for model in kinds:
        for row in model.field_rows():
            if row["setting"]:
                found.setdefault(row["setting"], []).append((model.kind, row))
    return found


def render_privacy_register() -> str:
    from kiosk.exhibits import manifests

    types = manifests()
    out = [
        "# Ce que collecte une borne / What a kiosk collects",
        "",
        "<!-- Generated from the event catalogue by `python launch.py docs privacy-register`: "
        "do not edit by hand. -->",
        "",
        "Registre pour le délégué à la protection des données : tout ce qu'une borne de "
        "l'exposition enregistre et envoie au collecteur, généré à partir du catalogue des "
        "événements que la borne et le collecteur vérifient. Une borne n'enregistre **aucun son, "
        "aucune image, aucun nom ni identifiant de personne** : une visite est anonyme, son "
        "identifiant est un nombre aléatoire oublié à la fin de la visite. Un texte libre (une "
        "question tapée, des mots dits) n'est enregistré que si le réglage de confidentialité "
        "nommé est activé dans la configuration de la borne ; ils sont tous désactivés par défaut. "
        "Un événement non conforme au catalogue n'est ni enregistré ni envoyé.",
        "",
        "Register for the data protection officer: everything an exhibition kiosk records and "
        "sends to the collector, generated from the event catalogue that the kiosk and the "
        "collector both check. A kiosk records **no sound, no image, no name nor id of a person**: "
        "a visit is anonymous, its id is a random number forgotten when it ends. Free text (a typed "
        "question, spoken words) is recorded only when the named privacy setting is on in the "
        "kiosk's configuration; all are off by default. An event that does not match the "
        "catalogue is neither recorded nor sent.",
        "",
        "Classes : **anonyme** / anonymous — " + PRIVACY_WORDS[Privacy.ANONYMOUS].fr + " / "
        + PRIVACY_WORDS[Privacy.ANONYMOUS].en + " ; **contenu** / content — " + PRIVACY_WORDS[Privacy.CONTENT].fr
        + " / " + PRIVACY_WORDS[Privacy.CONTENT].en + " ; **technique** / technical — "
        + PRIVACY_WORDS[Privacy.TECHNICAL].fr + " / " + PRIVACY_WORDS[Privacy.TECHNICAL].en + " ; **texte libre** "
        "/ free text — " + PRIVACY_WORDS[Privacy.FREE_TEXT].fr + " / " + PRIVACY_WORDS[Privacy.FREE_TEXT].en + ".",
        "",
        "## Réglages de confidentialité / Privacy settings",
        "",
        "| réglage / setting | par défaut / default | ce qu'il permet d'enregistrer / what it lets the kiosk record |",
        "| --- | --- | --- |",
    ]
    all_kinds = [*SHELL_KINDS, *(k for m in types.values() for k in m.events)]
    for setting, uses in sorted(_settings(all_kinds).items()):
        what = " ; ".join(f"`{kind}` › `{row['name']}` ({_cell(row['fr'])} / {_cell(row['en'])})" for kind, row in uses)
        out.append(f"| `{setting}` | `false` | {what} |")
    out += [
        "",
        "## Ce que porte chaque événement / What every event carries",
        "",
        *_field_table(WireEvent),
        "",
        "## Rapport d'état de la borne / The kiosk's health report",
        "",
        "Envoyé avec chaque synchronisation, pour l'état des bornes sur le tableau de bord. / "
        "Sent with each sync, for the kiosk health page of the dashboard.",
        "",
        *_field_table(Health),
        "",
        "## Événements de la visite / Visit events",
        "",
    ]
    for model in SHELL_KINDS:
        out += _kind_section(model)
    for name, manifest in types.items():
        if not manifest.events:
            continue
        out += [f"## Module de type `{name}` / Exhibit type `{name}`", "", _cell(manifest.summary), ""]
        for model in manifest.events:
            out += _kind_section(model)
    return "\n".join(out)


def _kind_section(model: type[EventData]) -> list[str]:
    lines = [f"### `{model.kind}`", "", f"{model.about.fr} / {model.about.en}", ""]
    if model.model_fields:
        lines += _field_table(model)
    else:
        lines.append("Aucun champ propre. / No field of its own.")
    return lines + [""]


def render_csv_columns() -> str:
    from kiosk.exhibits import manifests

    types = manifests()
    sections = [s for m in types.values() for s in m.figures]
    out = [
        "# Tableau de bord : colonnes des exports CSV / Dashboard: CSV export columns",
        "",
        "<!-- Generated from the event catalogue by `python launch.py docs csv-columns`: do not edit by hand. -->",
        "",
        "Chaque page du tableau de bord (`/dashboard/` du collecteur) propose des exports CSV",
        "**pour les filtres choisis** (période, site, département, borne). Les noms de colonnes",
        "ci-dessous sont stables : une nouvelle version peut ajouter des colonnes à la fin, jamais",
        "en renommer ni en retirer. Fichiers en UTF-8, séparateur virgule, point décimal",
        "(dans Excel : *Données › À partir d'un fichier texte/CSV*, origine « 65001 : Unicode (UTF-8) »).",
        "",
        "Every dashboard page offers CSV exports for the chosen filters. Column names are stable:",
        "a new version may append columns, never rename or remove one. UTF-8, comma-separated,",
        "dot as decimal mark.",
        "",
        "- Raw events carry UTC times (ISO 8601, `Z`); aggregates use local days and hours",
        "  (`KIOSK_DASHBOARD_TZ`, default `Europe/Paris`).",
        "- An empty cell means \"no value\" (e.g. no visit ended that day, so no average).",
        "- URL: `/dashboard/export/NAME.csv?start=YYYY-MM-DD&end=YYYY-MM-DD&site=…&departement=…&kiosk=…`",
        "  (login required; without a session the answer is 401 and no data).",
        "- What each event and field means, and what may hold free text: the "
        "[privacy register](privacy-register.md).",
        "",
        "**Formules neutralisées / Formulas neutralised.** Un texte reçu d'une borne (identifiant, site, version,",
        "erreur, question posée…) pourrait être lu comme une formule par un tableur. Dans toutes les colonnes de",
        "tous les exports, une cellule de texte qui commence par " + _starts() + " est donc",
        "écrite précédée d'une apostrophe (`'=1+1`) : le tableur l'affiche comme du texte et n'exécute rien.",
        "Les nombres restent des nombres (`-3.5` est écrit tel quel). Pour retrouver le texte exact, retirez",
        "cette apostrophe initiale.",
        "",
        "Any text cell, in every column of every export, that starts with one of these characters is written",
        "after a single quote (`'=1+1`), as OWASP recommends against CSV injection: a spreadsheet shows it as",
        "text and runs nothing. Numbers stay numbers (`-3.5` as is). To get the exact text back, drop that",
        "leading quote.",
        "",
    ]
    for export in all_exports(sections):
        doc = export.doc
        kinds = list(dict.fromkeys(t.kind for t in export.tables))
        if export.tables:
            owners = sorted({name for name, m in types.items() for k in m.events if k.kind in kinds})
            doc += f" Exhibit type{'s' if len(owners) > 1 else ''}: {', '.join(f'`{o}`' for o in owners)}."
            settings = sorted({row["setting"] for m in types.values() for k in m.events if k.kind in kinds
                               for row in k.field_rows() if row["setting"] and _keyed_by(export, k, row["name"])})
            if settings:
                doc += (" **Only where the kiosk's privacy setting allowed keeping the text** ("
                        + ", ".join(f"`{s}`" for s in settings) + "; off by default: this file is then empty).")
        out += [f"## `{export.name}.csv`", "", doc, "", "| column | meaning |", "| --- | --- |"]
        for name, meaning in export.columns:
            if name == "kind" and kinds:
                meaning += ": " + ", ".join(f"`{k}`" for k in kinds)
            if name == "exhibit_type" and export.name == "exhibits":
                meaning += ": " + ", ".join(f"`{t}`" for t in types)
            out.append(f"| `{name}` | {_cell(meaning)} |")
        out.append("")
    return "\n".join(out)


def _starts() -> str:
    from contract.exports import FORMULA_STARTS

    names = {"\t": "tab", "\r": "CR", "\n": "LF"}
    return ", ".join(names.get(c) or f"`{c}`" for c in FORMULA_STARTS)


def _keyed_by(export, kind: type[EventData], field: str) -> bool:
    """Whether the export's rows of ``kind`` are keyed by ``field`` (a free text listed)."""
    alt = kind.summary.alt_key
    return any(t.kind == kind.kind and t.only == (alt.when, True) for t in export.tables) if alt and \
        alt.field == field else False

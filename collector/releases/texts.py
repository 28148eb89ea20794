"""What the collector says about releases, French first: the refusals of a release
file (the contract's table, ``contract/releases/strings.yaml``, shared with the kiosk)
and the collector's own texts (:data:`TEXTS`: publishing, targets, the dashboard page)."""
from __future__ import annotations

import os
from functools import lru_cache

import yaml

from contract.releases.messages import STRINGS, ReleaseError

LANGUAGES = ("fr", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # key: (français, English)
    # --- publishing (command line and dashboard) ---
    "published": ("Version {version} publiée ({release_id}) : {files} fichiers, {size}, {exhibits} module(s), "
                  "signée par la clé {key_id}.",
                  "Release {version} published ({release_id}): {files} files, {size}, {exhibits} exhibit(s), "
                  "signed with key {key_id}."),
    "published_page": ("Version {version} publiée ({release_id}) : {exhibits} module(s), signée par la clé {key_id}.",
                       "Release {version} published ({release_id}): {exhibits} exhibit(s), signed with key {key_id}."),
    "already_published": ("Version {version} ({release_id}) déjà publiée : rien de nouveau à stocker.",
                          "Release {version} ({release_id}) was already published: nothing new to store."),
    "assigned": ("Attribuée à : {targets}. Les bornes la téléchargent à leur prochaine synchronisation et "
                 "l'affichent entre deux visites.",
                 "Assigned to: {targets}. Kiosks download it at their next sync and show it between visits."),
    "not_assigned": ("Attribuée à personne pour l'instant : publish FICHIER --to all (ou un département, un site, "
                     "une borne), ou la page « Contenus » du tableau de bord.",
                     "Not assigned to anyone yet: publish FILE --to all (or a département, a site, a kiosk), or "
                     "the dashboard's \"Content\" page."),
    "refused": ("Refusée : {reason}", "Refused: {reason}"),
    "conflict": ("Une autre version porte déjà l'identifiant {release_id} avec un contenu différent : refusée.",
                 "Another release already has the id {release_id} with different content: refused."),
    "no_file": ("Aucun fichier reçu : choisissez le fichier de la version (.zip).",
                "No file received: choose the release file (.zip)."),
    "upload_too_big": ("Fichier trop gros : {size}, au-delà des {limit} qu'une version peut faire.",
                       "File too big: {size}, over the {limit} a release may be."),
    "unknown_release": ("Version inconnue : {release_id}.", "Unknown release: {release_id}."),
    # --- targets ---
    "target_all": ("toutes les bornes", "every kiosk"),
    "target_departement": ("département {target}", "département {target}"),
    "target_site": ("site {target}", "site {target}"),
    "target_kiosk": ("borne {target}", "kiosk {target}"),
    "target_unknown": ("« {target} » : ni une borne, ni un site, ni un département connus ; écrivez kiosk:ID, "
                       "site:NOM ou dept:NN",
                       "'{target}': not a known kiosk, site or département; write kiosk:ID, site:NAME or dept:NN"),
    "target_ambiguous": ("« {target} » désigne à la fois {what} : précisez kiosk:, site: ou dept:",
                         "'{target}' names both {what}: say kiosk:, site: or dept:"),
    "target_none": ("Choisissez à qui l'attribuer.", "Choose who gets it."),
    # --- keys ---
    "key_trusted": ("Clé {key_id} acceptée : les versions signées par elle peuvent être publiées.",
                    "Key {key_id} trusted: releases signed with it can be published."),
    "key_already": ("Clé {key_id} déjà acceptée.", "Key {key_id} was already trusted."),
    "key_removed": ("Clé {key_id} retirée : les versions signées par elle ne peuvent plus être publiées (celles "
                    "déjà publiées restent).",
                    "Key {key_id} removed: releases signed with it can no longer be published (those already "
                    "published stay)."),
    "key_unknown": ("Aucune clé acceptée n'a l'identifiant {key_id}.", "No trusted key has the id {key_id}."),
    "no_folder": ("Pas de dossier pour les fichiers des versions : {detail}",
                  "No folder for the release files: {detail}"),
    # --- the dashboard page ---
    "nav": ("Contenus", "Content"),
    "title": ("Versions du contenu", "Content releases"),
    "intro": ("Les organisateurs préparent une version signée du contenu (python launch.py content release) ; "
              "publiez-la ici et choisissez les bornes qui la reçoivent. Chaque borne la télécharge pendant sa "
              "synchronisation, la vérifie et l'affiche entre deux visites.",
              "Organisers make a signed content release (python launch.py content release); publish it here and "
              "choose the kiosks that get it. Each kiosk downloads it while it syncs, checks it and shows it "
              "between visits."),
    "upload_title": ("Publier une version", "Publish a release"),
    "file": ("Fichier de la version (.zip)", "Release file (.zip)"),
    "to": ("Pour", "For"),
    "nobody_yet": ("personne pour l'instant", "nobody yet"),
    "all_kiosks": ("toutes les bornes", "every kiosk"),
    "departement": ("Département", "Département"),
    "site": ("Site", "Site"),
    "kiosk": ("Borne", "Kiosk"),
    "publish": ("Publier", "Publish"),
    "assign": ("Attribuer", "Assign"),
    "releases_title": ("Versions publiées", "Published releases"),
    "no_releases": ("Aucune version publiée.", "No release published yet."),
    "version": ("Version", "Version"),
    "release_id": ("Identifiant", "Release id"),
    "built": ("Préparée le", "Built"),
    "published_on": ("Publiée le", "Published"),
    "by": ("par", "by"),
    "size": ("Taille", "Size"),
    "exhibits": ("Modules", "Exhibits"),
    "assigned_to": ("Attribuée à", "Assigned to"),
    "kiosks_title": ("Les bornes et leur contenu", "Kiosks and their content"),
    "kiosks_intro": ("D'après le dernier rapport de chaque borne (envoyé à chaque synchronisation).",
                     "From each kiosk's latest report (sent at each sync)."),
    "col_kiosk": ("Borne", "Kiosk"),
    "col_assigned": ("Version attribuée", "Release assigned"),
    "col_shown": ("Affichée", "Shown"),
    "col_next": ("À venir", "Coming next"),
    "col_failure": ("Échec", "Failure"),
    "col_seen": ("Dernier rapport", "Last report"),
    "folder": ("dossier de contenu de la borne", "the kiosk's content folder"),
    "on_trial": ("à l'essai", "on trial"),
    "downloading": ("téléchargement : {percent}", "downloading: {percent}"),
    "downloaded": ("téléchargée, en vérification", "downloaded, being checked"),
    "waiting": ("en attente de l'écran d'accueil", "waiting for the attract screen"),
    "up_to_date": ("à jour", "up to date"),
    "never_reported": ("aucun rapport", "no report yet"),
    "keys_title": ("Clés acceptées", "Trusted keys"),
    "keys_none": ("Aucune clé acceptée : sur le serveur, python launch.py collector trust-key FICHIER.pub",
                  "No key trusted: on the server, python launch.py collector trust-key FILE.pub"),
    "keys_intro": ("Une version n'est publiée que si elle est signée par l'une de ces clés "
                   "(python launch.py collector trust-key FICHIER.pub).",
                   "A release is published only if signed with one of these keys "
                   "(python launch.py collector trust-key FILE.pub)."),
    "bad_form": ("Formulaire refusé : rechargez la page et recommencez.", "Form refused: reload the page and retry."),
}


def language_from_env(env=None) -> str:
    """The command line's language: French unless the system locale is an English one."""
    env = os.environ if env is None else env
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "fr"
    return "fr"


def tr(key: str, lang: str = "fr", **values) -> str:
    pair = TEXTS.get(key)
    if pair is None:
        return key
    text = pair[1 if lang == "en" else 0]
    return text.format(**values) if values else text


@lru_cache(maxsize=1)
def _release_table() -> dict:
    return yaml.safe_load(STRINGS.read_text(encoding="utf-8")) or {}


def release_text(key: str, lang: str, values: dict) -> str:
    """A release message of the contract's table in ``lang`` (else the other language)."""
    entry = _release_table().get(key)
    if not isinstance(entry, dict):
        return key
    text = entry.get(lang) or entry.get("fr" if lang == "en" else "en") or key
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def error_text(error: ReleaseError | dict, lang: str) -> str:
    """A release error, or one a kiosk reported (``{key, values, text}``), in ``lang``."""
    if isinstance(error, ReleaseError):
        return release_text(error.key, lang, {k: str(v) for k, v in error.values.items()})
    key, values = error.get("key"), error.get("values")
    if isinstance(key, str) and isinstance(values, dict) and isinstance(_release_table().get(key), dict):
        return release_text(key, lang, values)
    return str(error.get("text") or key or "?")[:500]

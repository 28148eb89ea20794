"""Every text of the dashboard, in French (first) and English: one table, nothing
hard-coded in the templates. ``t(key)`` in a template picks the visitor's language."""
from __future__ import annotations

LANGUAGES = ("fr", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # key: (français, English)
    "app_title": ("Exposition IA — tableau de bord", "AI exhibition — dashboard"),
    "nav_overview": ("Vue d'ensemble", "Overview"),
    "nav_exhibits": ("Par module", "Per exhibit"),
    "nav_kiosks": ("Bornes", "Kiosks"),
    "nav_releases": ("Contenus", "Content"),
    "logout": ("Se déconnecter", "Log out"),
    "login_title": ("Connexion", "Log in"),
    "login_intro": ("Tableau de bord des coordinateurs régionaux.", "Regional coordinators' dashboard."),
    "username": ("Identifiant", "User name"),
    "password": ("Mot de passe", "Password"),
    "login_button": ("Se connecter", "Log in"),
    "login_failed": ("Identifiant ou mot de passe incorrect.", "Wrong user name or password."),
    "logged_out": ("Vous êtes déconnecté.", "You are logged out."),
    "session_expired": ("Connectez-vous pour voir le tableau de bord.", "Log in to see the dashboard."),
    "form_expired": ("Formulaire expiré ou envoyé depuis un autre site : rechargez la page et réessayez.",
                     "This form expired or came from another site: reload the page and try again."),
    "too_many_attempts": ("Trop d'essais de connexion : réessayez dans {minutes} min.",
                          "Too many login attempts: try again in {minutes} min."),
    # filters
    "filters": ("Filtres", "Filters"),
    "start": ("Du", "From"),
    "end": ("Au", "To"),
    "site": ("Site", "Site"),
    "departement": ("Département", "Département"),
    "kiosk": ("Borne", "Kiosk"),
    "all": ("Tous", "All"),
    "apply": ("Appliquer", "Apply"),
    "note_bad_date": ("Date illisible ignorée (format AAAA-MM-JJ).", "Unreadable date ignored (YYYY-MM-DD)."),
    "note_bad_departement": ("Département illisible ignoré.", "Unreadable département ignored."),
    "data_as_of": ("Chiffres à jour au", "Figures as of"),
    # overview
    "visits": ("Visites", "Visits"),
    "avg_visit": ("Durée moyenne d'une visite", "Average visit duration"),
    "exhibits_opened": ("Modules ouverts", "Exhibits opened"),
    "per_visit": ("par visite", "per visit"),
    "chart_days": ("Visites par jour", "Visits per day"),
    "chart_hours": ("Visites selon l'heure de la journée", "Visits by hour of day"),
    "chart_duration": ("Durée moyenne (min)", "Average duration (min)"),
    "hour_suffix": ("h", "h"),
    "exhibits_table": ("Modules", "Exhibits"),
    "exhibit": ("Module", "Exhibit"),
    "type": ("Type", "Type"),
    "opened": ("Ouvertures", "Openings"),
    "avg_dwell": ("Temps moyen passé", "Average dwell time"),
    "no_data": ("Aucune donnée pour ces filtres.", "No data for these filters."),
    # exhibit page
    "exhibit_pick": ("Choisissez un module.", "Pick an exhibit."),
    # kiosks
    "kiosks_title": ("État des bornes", "Kiosk health"),
    "silent_after": ("Signaler une borne silencieuse depuis plus de (heures)",
                     "Flag a kiosk silent for more than (hours)"),
    "last_seen": ("Dernier contact", "Last seen"),
    "last_sync": ("Dernière synchro", "Last sync"),
    "pending": ("En attente", "Pending"),
    "app_version": ("Logiciel", "Software"),
    "versions": ("Versions du contenu", "Content versions"),
    "disk_free": ("Disque libre", "Disk free"),
    "errors": ("Erreurs", "Errors"),
    "mb": ("Mo", "MB"),
    "visits_period": ("Visites (période)", "Visits (period)"),
    "status": ("État", "Status"),
    "status_ok": ("OK", "OK"),
    "status_silent": ("Silencieuse", "Silent"),
    "status_never": ("Jamais vue", "Never seen"),
    "disk_low": ("disque presque plein", "disk nearly full"),
    "ago": ("il y a", "ago"),
    "never": ("jamais", "never"),
    # exports
    "exports": ("Exporter (CSV)", "Export (CSV)"),
    "csv_doc": ("Colonnes décrites dans docs/coordinators/csv-columns.md",
                "Columns described in docs/coordinators/csv-columns.md"),
    "language": ("English", "Français"),
    "error_db": ("Base de données indisponible, réessayez dans un instant.",
                 "Database unavailable, try again in a moment."),
    "not_found": ("Page introuvable.", "Page not found."),
}


def translator(lang: str):
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0

    def t(key: str) -> str:
        pair = TEXTS.get(key)
        return pair[index] if pair else key

    return t

"""The staff panel's content versions, by touch, in the real kiosk window (Xvfb): a
folder stands for a USB stick (the config's ``releases.usb_folders`` points at it), the
organisers' release is made with ``launch.py content keygen`` and ``content release``,
the kiosk trusts their key and runs the runtime's release supervision. Staff open the
panel by the long press and the PIN, install the release from the stick, leave the
panel, and the next visitor sees the new content; a tampered file on the stick is
refused with its reason; "back to the previous version" brings the old content back.
Every screen of it passes the layout checks, at 1280x800 and at 800x480."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from contract.releases.keys import PublicKey, SigningKey
from kiosk.releases.messages import text as release_text
from kiosk.runtime import KioskRuntime
from tests.conftest import make_config, run_launch
from tests.releases.helpers import build, make_content, rezip
from tests.ui import checks

pytestmark = pytest.mark.ui

TITLE_FR = 'fr: "L\'exposition"'


def content_titled(parent: Path, version: str, title: str) -> Path:
    """The shipped content at ``version``, its first exhibit's title changed (home screen)."""
    content = make_content(parent, version)
    page = content / "bienvenue.yaml"
    text = page.read_text(encoding="utf-8")
    assert TITLE_FR in text
    page.write_text(text.replace(TITLE_FR, f'fr: "{title}"'), encoding="utf-8")
    return content


def start(kiosk, tmp_path: Path, public: str, *, size, install=()):
    """The kiosk as `launch.py` starts it: its release store from the config (trusting
    ``public``), what it shows from the store, the app, then the supervision."""
    settings = dict(releases={"trusted_keys": [public], "usb_folders": [str(tmp_path / "media" / "*" / "*")]})
    runtime = KioskRuntime(make_config(tmp_path, **settings), kiosk_mode=False)
    content = runtime._open_releases()
    assert runtime.releases is not None
    for release in install:  # what the kiosk showed before staff came
        runtime.releases.install(release)
        runtime.releases.switch_now()
        runtime.releases.confirm_healthy()
        content = runtime.releases.content_to_load()
    k = kiosk(content, size=size, **settings)
    runtime._supervise_releases(k.app)
    return k, runtime


def open_staff_panel(k) -> None:
    k.long_press(k.app.root.ids.staff_corner, seconds=3.3)
    for digit in "2468":
        k.tap_text(digit, exact=True)
    k.tap_text("Valider")
    assert k.screen_name == "staff"
    from kivy.core.window import Window
    from kiosk.ui.staff import PinPad

    k.wait_until(lambda: not any(isinstance(w, PinPad) for w in Window.children), what="the PIN pad to go")


def layout_ok(k) -> None:
    problems = (checks.text_problems() + checks.overlap_problems() + checks.touch_problems(k.app.px_per_mm)
                + checks.contrast_problems(4.5))
    assert not problems, "\n".join(problems)


def as_read(text: str) -> str:
    """French typography's no-break spaces read as spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def card(k, file_name: str):
    from kiosk.ui.staff_usb import OfferCard

    return k.find(lambda w: isinstance(w, OfferCard) and w.offer.path.name == file_name)


def home_titles(k) -> list[str]:
    k.tap(k.screen)  # a visitor starts a visit
    assert k.screen_name == "home"
    titles = [t for t in k.texts() if t.startswith("L'exposition")]
    k.app.end_visit("attract")
    k.pump(frames=3)
    return titles


@pytest.fixture
def supervisions():
    runtimes = []
    yield runtimes
    for runtime in runtimes:
        runtime._stop_supervision()


def test_a_release_installs_from_a_usb_stick_by_touch_and_shows_after_staff_leave(kiosk, tmp_path, supervisions):
    # The organisers, on their computer: a key, and a release of the new content.
    organiser = tmp_path / "organiser"
    organiser.mkdir()
    run_launch("content", "keygen", str(organiser / "expo.key"), check=True)
    new_content = content_titled(organiser, "2026.11-2", "L'exposition, nouvelle version")
    stick = tmp_path / "media" / "pi" / "EXPO"
    stick.mkdir(parents=True)
    release = stick / "expo-2026.11-2.zip"
    run_launch("content", "release", "--key", str(organiser / "expo.key"), "--out", str(release),
               "--content", str(new_content), check=True)
    # A copy changed after signing (a file edited by hand on the stick).
    rezip(release, stick / "expo-retouchee.zip",
          lambda n, b: (n, b.replace(b"nouvelle version", b"version pirate")) if n == "exhibits/bienvenue.yaml"
          else (n, b))
    public = PublicKey.read(organiser / "expo.key.pub").text

    k, runtime = start(kiosk, tmp_path, public, size=(1280, 800))
    supervisions.append(runtime)
    assert home_titles(k) == ["L'exposition"]

    open_staff_panel(k)
    rollback = k.screen.ids.rollback
    assert rollback.disabled and "Pas de version précédente" in k.screen.release_note
    layout_ok(k)
    k.screenshot("staff-panel-releases-1280x800")

    k.tap_text("Installer depuis une clé USB")
    assert k.screen_name == "staff-usb"
    k.wait_until(lambda: k.screen.model.state == "list", timeout=60, what="the stick to be read")
    assert "La borne affiche son contenu d'origine." in k.texts()
    good, tampered = card(k, "expo-2026.11-2.zip"), card(k, "expo-retouchee.zip")
    assert good.title == "Version 2026.11-2" and good.where == "expo-2026.11-2.zip, sur la clé EXPO"
    assert good.status.startswith("Acceptée") and good.built.startswith("Construite le ")
    reason = tampered.offer.reason
    assert (reason.key, reason.values["path"]) == ("file.mismatch", "bienvenue.yaml")
    assert as_read(tampered.status) == as_read("Refusée : " + release_text(reason.key, "fr", **reason.values))
    assert tampered.action_text == "" and tampered.ids.action.disabled
    layout_ok(k)
    k.screenshot("staff-usb-list-1280x800")

    k.tap(tampered.ids.title)  # touching a refused release does nothing
    assert k.screen.model.state == "list" and runtime.releases.state().ready is None

    with runtime.releases.store.lock():  # a download holds the store a moment: staff see the install wait
        k.tap(good.ids.action)
        k.pump(frames=3)
        assert k.screen.model.state == "installing"
        assert "Installation de la version 2026.11-2…" in k.texts()
        assert k.screen.ids.back.disabled and k.screen.ids.again.disabled, "staff stay until it ends"
        assert k.screen.ids.meter.height > 0
        layout_ok(k)
        k.screenshot("staff-usb-installing-1280x800")
    k.wait_until(lambda: k.screen.model.state != "installing", timeout=60, what="the install")
    assert k.screen.model.state == "done", k.screen.message
    assert "La version 2026.11-2 est installée et vérifiée." in k.screen.message
    layout_ok(k)
    k.screenshot("staff-usb-done-1280x800")
    k.pump(seconds=2.5)  # a supervision tick passes: nothing changes under staff's feet
    assert k.screen_name == "staff-usb" and k.app.content.version.startswith("2026.11-1")

    k.tap_text("‹ Panneau du personnel")
    assert k.screen_name == "staff"
    k.tap_text("Retour")
    k.wait_until(lambda: k.app.content.version.startswith("2026.11-2"), timeout=5, what="the new content")
    assert k.screen_name == "attract"
    assert home_titles(k) == ["L'exposition, nouvelle version"]
    assert runtime.releases.shown().content_version == "2026.11-2" and runtime.releases.state().trial

    # Back to the previous version: the kiosk's own content.
    open_staff_panel(k)
    assert not k.screen.ids.rollback.disabled
    assert k.screen.release_note == "Version précédente\u00a0: le contenu d'origine de la borne."
    k.tap(k.screen.ids.rollback)
    assert "Revenir à la version précédente\u00a0?" in k.texts()
    layout_ok(k)
    k.screenshot("staff-rollback-confirm-1280x800")
    k.tap_text("Revenir en arrière")
    k.wait_until(lambda: k.screen.rollback.state == "done", timeout=30, what="the rollback")
    assert "le contenu d'origine de la borne s'affichera" in k.screen.release_note
    k.tap_text("Retour")
    k.wait_until(lambda: k.app.content.version.startswith("2026.11-1"), timeout=5, what="the old content")
    assert home_titles(k) == ["L'exposition"]


def test_on_a_small_screen_an_older_release_needs_a_confirmation_and_back_restores_it(
        kiosk, tmp_path, supervisions):
    key = SigningKey.generate()
    made = tmp_path / "made"
    made.mkdir()
    v1 = build(content_titled(made, "2026.11-1", "L'exposition v1"), key, made / "expo-v1.zip", hours=0).path
    v2 = build(content_titled(made, "2026.11-2", "L'exposition v2"), key, made / "expo-v2.zip", hours=24).path
    stick = tmp_path / "media" / "pi" / "CLE USB"
    (stick / "anciennes").mkdir(parents=True)
    shutil.copy(v1, stick / "anciennes" / "expo-v1.zip")
    shutil.copy(v2, stick / "expo-v2.zip")
    (stick / "lisez-moi.zip").write_bytes(b"not even a zip")

    k, runtime = start(kiosk, tmp_path, key.public.text, size=(800, 480), install=[v1, v2])
    supervisions.append(runtime)
    assert home_titles(k) == ["L'exposition v2"]

    open_staff_panel(k)
    assert k.screen.release_note.startswith("Version précédente\u00a0: 2026.11-1, construite le ")
    layout_ok(k)
    k.screenshot("staff-panel-releases-800x480")

    k.tap_text("Installer depuis une clé USB")
    k.wait_until(lambda: k.screen.model.state == "list", timeout=60, what="the stick to be read")
    older, shown = card(k, "expo-v1.zip"), card(k, "expo-v2.zip")
    assert shown.status == "C'est la version affichée." and shown.ids.action.disabled
    assert older.status.startswith("Plus ancienne que la version affichée")
    assert older.where == "expo-v1.zip, sur la clé CLE USB"
    unreadable = card(k, "lisez-moi.zip")
    assert unreadable.title == "Fichier de version refusé" and unreadable.status.startswith("Refusée")
    layout_ok(k)
    k.screenshot("staff-usb-list-800x480")

    k.tap(older.ids.action)
    assert k.screen.model.state == "confirm"
    assert "Revenir à la version 2026.11-1\u00a0?" in k.texts()
    layout_ok(k)
    k.screenshot("staff-usb-confirm-800x480")
    k.tap_text("Annuler")
    assert k.screen.model.state == "list" and runtime.releases.state().ready is None

    k.tap(card(k, "expo-v1.zip").ids.action)
    k.tap_text("Installer quand même")
    k.wait_until(lambda: k.screen.model.state != "installing", timeout=60, what="the install")
    assert k.screen.model.state == "done", k.screen.message
    layout_ok(k)
    k.screenshot("staff-usb-done-800x480")
    k.tap_text("‹ Panneau du personnel")
    assert k.screen.ids.rollback.disabled, "a release waits: show it before going back"
    assert k.screen.release_note.startswith("La version 2026.11-1 attend d'être affichée")
    layout_ok(k)
    k.tap_text("Retour")
    k.wait_until(lambda: k.app.content.version.startswith("2026.11-1"), timeout=5, what="version 1")
    assert home_titles(k) == ["L'exposition v1"]

    # Staff change their mind: back to the previous version, 2026.11-2.
    open_staff_panel(k)
    assert k.screen.release_note.startswith("Version précédente\u00a0: 2026.11-2")
    k.tap(k.screen.ids.rollback)
    layout_ok(k)
    k.screenshot("staff-rollback-confirm-800x480")
    k.tap_text("Revenir en arrière")
    k.wait_until(lambda: k.screen.rollback.state == "done", timeout=30, what="the rollback")
    assert k.screen.release_note == ("C'est fait\u00a0: la version 2026.11-2 s'affichera dès que vous quitterez "
                                     "ce panneau.")
    layout_ok(k)
    k.tap_text("Retour")
    k.wait_until(lambda: k.app.content.version.startswith("2026.11-2"), timeout=5, what="version 2")
    assert home_titles(k) == ["L'exposition v2"]

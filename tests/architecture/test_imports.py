"""How the parts depend on each other: the import contracts of pyproject.toml
([tool.importlinter]: no cycles on either side, the collector's layers, the contract
alone), and what a process really loads when it imports the collector or a manifest."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("kivy", "sklearn", "scipy", "vosk", "pygame")
KIOSK_INSIDE = ("kiosk.stats", "kiosk.content", "kiosk.ui", "kiosk.nlu", "kiosk.voice", "kiosk.cli", "kiosk.config")


def loaded_after(code: str) -> list[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def offending(modules: list[str], prefixes=HEAVY + KIOSK_INSIDE) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)]


def test_import_contracts_hold(tmp_path):
    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert linter, "import-linter is missing: pip install -e '.[test]'"
    proc = subprocess.run([linter, "--cache-dir", str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def test_the_collector_app_loads_no_kiosk_code_nor_kivy_nor_scikit_learn():
    modules = loaded_after("from collector.app import create_app\nfrom collector.dashboard import web\n"
                           "from collector.cli import collector\nfrom collector.catalogue import catalogue\n"
                           "catalogue()\nfrom collector.dashboard.figures import sections\nsections()")
    assert "collector.app" in modules and "kiosk.exhibits.voicebot.events" in modules  # it did read the manifests
    assert offending(modules) == []


def test_manifests_and_the_catalogue_load_no_code_of_the_types():
    modules = loaded_after("from kiosk.exhibits import catalogue, manifests\nmanifests()\ncatalogue()")
    assert offending(modules) == []
    code = [m for m in modules if m.startswith("kiosk.exhibits.") and m.split(".")[-1] in
            ("model", "schema", "screen", "simulate", "intents", "background")]
    assert code == [], "a manifest imported its type's code"


def test_the_contract_needs_pydantic_and_the_standard_library_only():
    modules = loaded_after("import contract, contract.wire, contract.bundles, contract.exports, contract.shell")
    third_party = {m.split(".")[0] for m in modules} - set(sys.stdlib_module_names) - {
        "contract", "pydantic", "pydantic_core", "typing_extensions", "annotated_types", "typing_inspection"}
    assert {m for m in third_party if not m.startswith("_")} == set()

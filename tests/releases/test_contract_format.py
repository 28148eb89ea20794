"""The release format lives in the contract, shared by the kiosk and the collector: it
loads nothing of either side, and nothing heavy until a signature is checked."""
from __future__ import annotations

from tests.architecture.test_imports import loaded_after


def test_the_release_format_loads_pydantic_and_the_standard_library_only():
    modules = loaded_after("import contract.releases.verify, contract.releases.wire, contract.releases.messages, "
                           "contract.releases.archive, contract.releases.keys, contract.releases.manifest")
    outside = {m.split(".")[0] for m in modules} - {"contract", "pydantic", "pydantic_core", "typing_extensions",
                                                     "annotated_types", "typing_inspection"}
    import sys

    assert {m for m in outside if not m.startswith("_")} - set(sys.stdlib_module_names) == set()


def test_the_collector_checks_releases_without_the_kiosks_code():
    modules = loaded_after(
        "from collector.app import create_app\nfrom collector.releases import cli, publish, contents, names\n"
        "from collector.dashboard import releases")
    assert [m for m in modules if m.startswith("kiosk.") and not m.startswith("kiosk.exhibits")
            and m != "kiosk.exhibits"] == []

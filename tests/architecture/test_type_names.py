"""A plug-in is complete in its folder: outside it, nothing names an exhibit type or its
event kinds, but the registration line and the links manifests declare."""
from __future__ import annotations

from tests.architecture.type_names import occurrences


def test_no_type_is_named_outside_its_folder():
    found = occurrences()
    wrong = [f"{o.path}:{o.line}: names {o.name}: {o.text}" for o in found if not o.allowed]
    assert wrong == [], "\n".join(wrong)
    assert {o.allowed for o in found} >= {"the registration line"}  # the scan does see the code it checks

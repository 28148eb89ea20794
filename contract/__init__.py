"""What the kiosk and the collector share, and nothing else: the wire envelope
(:mod:`.wire`, :mod:`.bundles`), the sizes both ends agree on (:mod:`.limits`), the one
rule set for event data (:mod:`.jsonsafe`), the event catalogue (:mod:`.events`, the
shell's kinds in :mod:`.shell`), what the dashboard shows of each kind
(:mod:`.figures`, :mod:`.exports`) and the exhibit types' manifests (:mod:`.manifest`).

Depends on pydantic and the standard library only: both sides import it, neither side
is imported by it.
"""
from .events import AltKey, Catalogue, EventData, InvalidEvent, Number, Privacy, Ratio, Summary, data_field
from .manifest import ExhibitManifest, Link
from .text import Text

__all__ = ["AltKey", "Catalogue", "EventData", "ExhibitManifest", "InvalidEvent", "Link", "Number", "Privacy",
           "Ratio", "Summary", "Text", "data_field"]

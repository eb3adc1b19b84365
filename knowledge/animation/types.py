"""The animator's result and error, and the provenance it reports (light: no animator code is imported)."""

from __future__ import annotations

from dataclasses import dataclass

HAMNOSYS_PROVENANCE = "animated from HamNoSys (rule-based)"
SIGNWRITING_PROVENANCE = "animated from SignWriting (rule-based, approximate)"
PROVENANCE = {"hamnosys": HAMNOSYS_PROVENANCE, "signwriting": SIGNWRITING_PROVENANCE}


class AnimationError(ValueError):
    """A sign the animator cannot build (a reason for the list of unanimated entries)."""


@dataclass
class Animation:
    pose: object  # pose_format.Pose (Holistic layout, 586 points)
    notation: str  # the HamNoSys or FSW string animated
    kind: str  # "hamnosys" | "signwriting"
    provenance: str
    frames: list  # per frame {"right": HandState, "left": HandState} (body frame, for checkers)

"""Timing and sizes of the rule-based animator (one dataclass; every field has a default and help)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class AnimationConfig:
    # timing (seconds)
    fps: float = field(default=25.0, metadata={"help": "frame rate of the animated pose"})
    rest_seconds: float = field(default=0.32, metadata={"help": "rise from rest before the sign and lowering after it"})
    start_hold: float = field(default=0.16, metadata={"help": "hold of the initial posture before the first movement"})
    end_hold: float = field(default=0.24, metadata={"help": "hold of the final posture"})
    move_seconds: float = field(default=0.42, metadata={"help": "duration of one movement of normal size"})
    wrist_seconds: float = field(default=0.6, metadata={"help": "duration of a wrist or finger motion (nodding, finger play)"})
    change_seconds: float = field(default=0.3, metadata={"help": "duration of a handshape/orientation change"})
    fast: float = field(default=0.7, metadata={"help": "duration factor of hamfast"})
    slow: float = field(default=1.45, metadata={"help": "duration factor of hamslow"})
    # sizes (shoulder widths)
    move_size: float = field(default=0.32, metadata={"help": "length of a straight movement"})
    small: float = field(default=0.55, metadata={"help": "size factor of hamsmallmod"})
    large: float = field(default=1.6, metadata={"help": "size factor of hamlargemod"})
    circle_radius: float = field(default=0.13, metadata={"help": "radius of a circular movement"})
    arc_bulge: float = field(default=0.25, metadata={"help": "sideways bulge of an arc, as a fraction of its length"})
    wave_amplitude: float = field(default=0.045, metadata={"help": "amplitude of wavy/zigzag movements"})
    wrist_degrees: float = field(default=28.0, metadata={"help": "amplitude of nodding/swinging/twisting"})
    near: float = field(default=0.16, metadata={"help": "distance of the hand from a site without contact"})
    close: float = field(default=0.06, metadata={"help": "distance for hamclose"})
    repeat_several: int = field(default=2, metadata={"help": "extra repetitions written as 'several'"})

    def __post_init__(self):
        if self.fps <= 0 or self.move_seconds <= 0:
            raise ValueError("fps and move_seconds must be positive")

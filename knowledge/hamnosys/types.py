"""The structured form of a parsed HamNoSys sign: handshape, orientation, placement, motions per segment."""

from __future__ import annotations

from dataclasses import dataclass, field

from signbridge.knowledge.hamnosys.symbols import FINGERS, SELECTS_FINGERS

@dataclass
class Handshape:
    base: str | None = None  # symbol name, e.g. "hamflathand"
    thumb: str | None = None
    bending: str | None = None
    details: list[list[str]] = field(default_factory=list)  # [finger, part/bending...] specs


@dataclass
class Placement:
    """Where a hand is (or goes): body sites, side, contact, and which hand parts are involved."""

    sites: list[str] = field(default_factory=list)  # body/head sites, "hamneutralspace"
    sides: list[str | None] = field(default_factory=list)  # per site: "hamlrat" | "hamlrbeside" | None
    contact: str | None = None  # "hamtouch", "hamclose", ...
    hand_parts: list[str] = field(default_factory=list)  # parts of this hand (before the contact)
    other_parts: list[str] = field(default_factory=list)  # parts touched (after the contact)
    between: bool = False
    mutual: bool = False  # the two hands touch each other (contact after a two-hand part bracket)

    def empty(self) -> bool:
        return not (self.sites or self.contact or self.hand_parts or self.other_parts)


@dataclass
class HandConfig:
    handshapes: list[Handshape] = field(default_factory=list)  # >1: an in-between handshape
    finger_direction: list[str] = field(default_factory=list)  # direction codes ("uo"); >1: between
    palm: list[str] = field(default_factory=list)  # palm codes ("dl"); >1: between
    relative: bool = False
    placements: list[Placement] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.handshapes or self.finger_direction or self.palm or self.placements)


@dataclass
class Motion:
    kind: str  # "straight" | "circle" | "wrist" | "cross" | "none" | "change"
    hands: str  # "dominant" | "nondominant" | "both"
    symbol: str | None = None  # e.g. "hammoved", "hamcircleo", "hamfingerplay"
    modifiers: list[str] = field(default_factory=list)  # "hamsmallmod", "hamarcu", "hamwavy", ...
    change: HandConfig | None = None  # for kind == "change" (after hamreplace)
    target: Placement | None = None  # where the movement ends, when given
    # the other hand's part in an end contact ("hamparbegin A hamplus B hamparend hamtouch")
    other_target: Placement | None = None
    simultaneous: bool = False  # done at the same time as the previous motion (same parallel bracket)
    between: list[str] = field(default_factory=list)  # "hambetween" + another movement: an in-between path


@dataclass
class SignSegment:
    symmetry: str | None = None  # "hamsymmlr" | "hamsymmpar"
    symmetry_qualifiers: list[str] = field(default_factory=list)  # not interpreted
    alternating: bool = False
    nondominant_only: bool = False
    dominant: HandConfig = field(default_factory=HandConfig)
    nondominant: HandConfig = field(default_factory=HandConfig)
    motions: list[Motion] = field(default_factory=list)
    repetitions: list[str] = field(default_factory=list)
    manner: list[str] = field(default_factory=list)  # modifiers with no movement to attach to

    @property
    def two_handed(self) -> bool:
        return bool(self.symmetry) or not self.nondominant.empty() or any(
            m.hands == "nondominant" for m in self.motions)


@dataclass
class HamNoSysSign:
    notation: str
    segments: list[SignSegment]
    symbols: list[str]  # names in order ("?U+XXXX" for unknown code points)
    understood: int  # symbols routed to a slot or structural bracket
    unparsed: list[str]  # known symbols the parser could not place
    unknown: list[str]  # code points not in the symbol table

    @property
    def coverage(self) -> float:
        return self.understood / len(self.symbols) if self.symbols else 0.0

    @property
    def two_handed(self) -> bool:
        return any(s.two_handed for s in self.segments)



def selected_fingers(hs: Handshape) -> list[str]:
    """Finger names that replace a base form's default selected fingers (empty: the default).

    "hamfinger2 hampinky" is the little finger instead of the index (the Y/I hand);
    "hampinch12open hammiddlefinger hamringfinger hampinky": the thumb closes on those fingers.
    """
    if hs.base not in SELECTS_FINGERS:
        return []
    return [d[0] for d in hs.details if len(d) == 1 and d[0] in FINGERS]

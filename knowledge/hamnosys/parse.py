"""Parse HamNoSys strings (Unicode private-use symbols) into a structured sign.

HamNoSys writes a sign as: [symmetry] handshape, orientation (extended-finger direction + palm),
location (body site, side, contact, hand part), then actions (movements, changes, repetitions).
Two-handed signs either start with a symmetry operator (hamsymmlr: mirrored left/right,
hamsymmpar: parallel) or give each hand in a bracket `hamparbegin A hamplus B hamparend`
(A = dominant/right hand, B = non-dominant/left hand). A `hamplus` at bracket depth 0 joins the
parts of a compound, so a string can hold several `SignSegment`s.

The parser is a tolerant, rule-based slot filler, not a full grammar: each symbol is routed to a
slot by its category and the current context (phase, bracket, hand). Every symbol either lands in a
slot (counted as understood) or is listed in `unparsed`; unknown code points go to `unknown`.

Understood categories (see `CATEGORY`): handshape base forms, thumb and finger-bending modifiers,
finger and finger-part specifications, extended-finger directions (18), palm orientations (8),
relative orientation, head/body/arm/hand locations, left/right side markers, neutral space,
contact (close, touch, interlock, cross, brushing, behind, arm extended), straight movements (18),
circles (18), clock positions, arcs, wavy/zigzag, ellipses, spirals (increasing/decreasing),
wrist and finger motions (finger play, nodding, swinging, twisting, stirring), crossing moves,
no motion, size and manner (small, large, fast, slow, tense, rest, halt), repetitions, alternating
motion, replacement (change of handshape/orientation), symmetry, non-dominant hand,
and the bracket constructs (sequence, parallel, fusion, between, plus).
Not interpreted (counted as unparsed): punctuation and alternatives, co-reference tags, hametc,
hammime, hamversion40, hamnonipsi.

Over 400 lines on purpose: one class routes every symbol and its handlers share one context
(phase, bracket stack, open placements); split up, that state would cross module boundaries.
"""

from __future__ import annotations

from signbridge.knowledge.hamnosys.symbols import ARM_PARTS, CATEGORY, symbol_names
from signbridge.knowledge.hamnosys.types import (HamNoSysSign, HandConfig, Handshape, Motion, Placement,
                                                 SignSegment)


def _split_segments(names: list[str]) -> list[list[str]]:
    """Split at depth-0 `hamplus` (compound parts); brackets inside stay with their segment."""
    segments, current, depth = [], [], 0
    for name in names:
        if CATEGORY.get(name) in ("parbegin", "seqbegin", "fusionbegin"):
            depth += 1
        elif CATEGORY.get(name) in ("parend", "seqend", "fusionend"):
            depth = max(0, depth - 1)
        if name == "hamplus" and depth == 0 and current:
            segments.append(current)
            current = []
            continue
        current.append(name)
    if current:
        segments.append(current)
    return segments


def _plus_in_brackets(names: list[str]) -> dict[int, bool]:
    """For each opening parallel bracket (by index): does it hold a hamplus at its own depth?"""
    result, stack = {}, []
    for i, name in enumerate(names):
        cat = CATEGORY.get(name)
        if cat in ("parbegin", "seqbegin", "fusionbegin"):
            stack.append(i)
            result[i] = False
        elif cat in ("parend", "seqend", "fusionend") and stack:
            stack.pop()
        elif name == "hamplus" and stack and names[stack[-1]] == "hamparbegin":
            result[stack[-1]] = True
    return result


class _SegmentParser:
    """Route the symbols of one segment into slots; remembers what it could not place."""

    def __init__(self, names: list[str]):
        self.names = names
        self.seg = SignSegment()
        self.has_plus = _plus_in_brackets(names)
        self.stack: list[list] = []  # [opening index, side (0 dominant / 1 non-dominant), motions seen]
        self.phase = "start"  # start -> hs -> ori -> loc -> act
        self.change: Motion | None = None  # open hamreplace
        self.between = False
        self.finger_detail: list[str] | None = None
        self.open_placement: dict[str, Placement] = {}
        self.pending_side: str | None = None  # a side marker written before its site
        self.parts_after_contact = "other"  # whose parts follow a contact: "own" after a site
        self.last_par_parts = False  # the bracket just closed held hand parts for both hands
        self.last_par_placements: tuple[Placement, Placement] | None = None  # (right, left) of that bracket
        self.understood = 0
        self.unparsed: list[str] = []

    # -- context -----------------------------------------------------------------------------
    def hand(self) -> str:
        for opening, side, _ in reversed(self.stack):
            if self.has_plus.get(opening):
                return "dominant" if side == 0 else "nondominant"
        if self.seg.nondominant_only:
            return "nondominant"
        return "both" if self.seg.symmetry else "dominant"

    def configs(self) -> list[HandConfig]:
        """The hand configuration(s) the next handshape/orientation symbol belongs to."""
        if self.change is not None:
            if self.change.change is None:
                self.change.change = HandConfig()
            return [self.change.change]
        hand = self.hand()
        return [self.seg.nondominant] if hand == "nondominant" else [self.seg.dominant]

    def placement(self) -> Placement:
        hand = self.hand()
        if hand not in self.open_placement:
            p = Placement()
            self.open_placement[hand] = p
            if self.phase == "act" and self.seg.motions:
                last = self.seg.motions[-1]
                if hand == "nondominant" and last.hands != "nondominant" and self.stack:
                    # the left hand's half of a per-hand bracket after a right-hand movement
                    if last.other_target is None:
                        last.other_target = p
                    self.open_placement[hand] = last.other_target
                elif last.target is None:
                    last.target = p
                else:  # a further site for the same movement: keep it
                    self.open_placement[hand] = last.target
            else:
                target = self.seg.nondominant if hand == "nondominant" else self.seg.dominant
                target.placements.append(p)
        return self.open_placement[hand]

    def close_placements(self):
        self.open_placement = {}
        self.parts_after_contact = "other"

    # -- routing -----------------------------------------------------------------------------
    def run(self) -> SignSegment:
        qualifying = False
        for i, name in enumerate(self.names):
            cat = CATEGORY.get(name)
            # symbols right after hamsymmlr/hamsymmpar that are modifiers (DGS writes e.g.
            # "hamsymmlr hamfingerstraightmod hamlargemod") qualify the symmetry; their exact
            # meaning is not interpreted: kept, and counted as unparsed
            if cat == "symmetry":
                qualifying = True
            elif qualifying and cat in ("bending", "modifier", "thumb"):
                self.seg.symmetry_qualifiers.append(name)
                self.unparsed.append(name)
                continue
            else:
                qualifying = False
            ok = self.route(i, name, cat) if cat else False
            if ok:
                self.understood += 1
            else:
                self.unparsed.append(name)
        return self.seg

    def route(self, i: int, name: str, cat: str) -> bool:
        if cat not in ("site", "side", "contact", "handpart", "fingerpart", "finger", "between",
                       "parbegin", "parend", "seqbegin", "seqend", "plus"):
            self.close_placements()
        handler = getattr(self, f"_on_{cat}")
        return handler(i, name)

    def _on_symmetry(self, i, name):
        self.seg.symmetry = name
        return True

    def _on_nondominant(self, i, name):
        self.seg.nondominant_only = True
        return True

    def _on_alternating(self, i, name):
        self.seg.alternating = True
        return True

    def _on_handshape(self, i, name):
        self.finger_detail = None
        if self.phase == "act" and self.change is None:  # a new handshape mid-action: a change
            self._on_replace(i, "hamreplace")
        for config in self.configs():
            if self.between and config.handshapes:
                config.handshapes.append(Handshape(base=name))
            else:
                config.handshapes[:] = [Handshape(base=name)]
        self.between = False
        if self.change is None:
            self.phase = "hs"
        return True

    def _last_handshape(self) -> Handshape | None:
        configs = self.configs()
        return configs[0].handshapes[-1] if configs and configs[0].handshapes else None

    def _on_thumb(self, i, name):
        return self._modify_handshape("thumb", name)

    def _on_bending(self, i, name):
        return self._modify_handshape("bending", name)

    def _modify_handshape(self, attribute: str, name: str) -> bool:
        """A thumb or bending modifier: of the finger detail being written, else of the handshape."""
        hs = self._last_handshape()
        if hs is None:
            return False
        if self.finger_detail is not None:
            self.finger_detail.append(name)
        else:
            setattr(hs, attribute, name)
        return True

    def _in_handshape(self) -> bool:
        return self.phase == "hs" or (self.change is not None and self._last_handshape() is not None
                                      and not self.configs()[0].finger_direction)

    def _on_finger(self, i, name):
        if self._in_handshape():
            hs = self._last_handshape()
            if hs is not None:
                self.finger_detail = [name]
                hs.details.append(self.finger_detail)
                return True
        return self._on_handpart(i, name)

    def _on_fingerpart(self, i, name):
        if self._in_handshape() and self._last_handshape() is not None:
            if self.finger_detail is None:
                self.finger_detail = []
                self._last_handshape().details.append(self.finger_detail)
            self.finger_detail.append(name)
            return True
        return self._on_handpart(i, name)

    def _orientation(self, attr: str, name: str, prefix: str, i: int) -> bool:
        self.finger_detail = None
        code = name[len(prefix):]
        previous = CATEGORY.get(self.names[i - 1]) if i > 0 else None
        for config in self.configs():
            values = getattr(config, attr)
            # "hambetween" or two directions in a row ("hamextfingeruo hamextfingerol"): an in-between value
            if values and (self.between or previous == CATEGORY.get(name)):
                values.append(code)
            else:
                values[:] = [code]
        self.between = False
        if self.change is None and self.phase in ("start", "hs", "ori"):
            self.phase = "ori"
        return True

    def _on_extfinger(self, i, name):
        return self._orientation("finger_direction", name, "hamextfinger", i)

    def _on_palm(self, i, name):
        return self._orientation("palm", name, "hampalm", i)

    def _on_orirelative(self, i, name):
        for config in self.configs():
            config.relative = True
        return True

    def _enter_location(self):
        self.finger_detail = None
        if self.change is not None:  # a location ends a handshape/orientation change
            self.change = None
        if self.phase != "act":
            self.phase = "loc"

    def _on_site(self, i, name):
        self._enter_location()
        p = self.placement()
        if self.between and p.sites:
            p.between = True
        p.sites.append(name)
        p.sides.append(self.pending_side)
        self.pending_side = None
        self.between = False
        return True

    def _on_side(self, i, name):
        self._enter_location()
        p = self.placement()
        if p.sites and p.sides[-1] is None and i > 0 and self.names[i - 1] == p.sites[-1]:
            p.sides[-1] = name  # "hamchest hamlrat": the side of the site just written
        else:
            self.pending_side = name  # "hamlrat hamchest" or "hambetween hamlrat hamchest"
        return True

    def _on_contact(self, i, name):
        self._enter_location()
        pair = self.last_par_placements
        if pair is not None and i > 0 and self.names[i - 1] == "hamparend":
            # "hamparbegin hampalm hamplus hamfingertip hamparend hamtouch": the right hand's palm
            # touches the left hand's fingertips; a site after it says where the hands meet
            dom, non = pair
            for own, other in ((dom, non), (non, dom)):
                own.contact, own.mutual, own.other_parts = name, True, list(other.hand_parts)
            self.open_placement[self.hand()] = dom
            self.parts_after_contact = "other"
            return True
        p = self.placement()
        if p.empty() and i > 0 and self.names[i - 1] == "hamparend" and self.last_par_parts:
            p.mutual = True  # "hamparbegin hamthumbside hamplus hampinkyside hamparend hamtouch"
        elif p.empty() and name == "hamtouch" and self.phase != "act" and (
                self.seg.symmetry or not self.seg.nondominant.empty()):
            p.mutual = True  # two hands, contact before any site ("hamtouch hamshoulders"): hands touch each other
        p.contact = name
        self.parts_after_contact = "own" if p.sites and not p.hand_parts else "other"
        return True

    def _arm_is_site(self, i: int) -> bool:
        """An arm part written as a location ("hamupperarm hamtouch hamthumb ...": the other arm).

        It is a part of the moving hand's own arm when it stands alone in a per-hand bracket
        ("hamparbegin hamlowerarm hamplus hamlowerarm hamparend") or is followed by a contact and
        a body site ("hamlowerarm hamtouch hamchest": the forearm touches the chest).
        """
        rest = [n for n in self.names[i + 1:] if CATEGORY.get(n) != "side"]
        nxt = rest[0] if rest else None
        if nxt is None or nxt in ("hamplus", "hamparend"):
            return False
        if CATEGORY.get(nxt) == "contact" and len(rest) > 1 and CATEGORY.get(rest[1]) == "site":
            return False
        return True

    def _on_handpart(self, i, name):
        self._enter_location()
        p = self.placement()
        if name in ARM_PARTS and not (p.sites or p.contact or p.hand_parts) and self._arm_is_site(i):
            p.sites.append(name)
            p.sides.append(self.pending_side)
            self.pending_side = None
            return True
        # before a contact, or after "site contact": parts of this hand ("hampalm hamtouch",
        # "hamchin hamtouch hamfingertip"); after "part contact" or a bare contact: the part touched
        if p.contact and self.parts_after_contact == "other":
            p.other_parts.append(name)
        else:
            p.hand_parts.append(name)
        return True

    def _add_motion(self, kind: str, name: str | None) -> bool:
        self.finger_detail = None
        last = self.seg.motions[-1] if self.seg.motions else None
        if self.between and last is not None and last.kind == kind:  # "hammovedo hambetween hammoveor"
            last.between.append(name)
            self.between = False
            return True
        self.change = None
        self.phase = "act"
        hands = "both" if self.seg.alternating and self.hand() == "both" else self.hand()
        motion = Motion(kind=kind, hands=hands, symbol=name)
        self._mark_simultaneous(motion)
        self.seg.motions.append(motion)
        return True

    def _on_move(self, i, name):
        return self._add_motion("cross" if name in ("hammovecross", "hammoveX") else "straight", name)

    def _on_circle(self, i, name):
        return self._add_motion("circle", name)

    def _on_wristmotion(self, i, name):
        return self._add_motion("wrist", name)

    def _on_nomotion(self, i, name):
        return self._add_motion("none", name)

    def _on_replace(self, i, name):
        self.finger_detail = None
        self.phase = "act"
        motion = Motion(kind="change", hands=self.hand(), symbol=name, change=HandConfig())
        self._mark_simultaneous(motion)
        self.seg.motions.append(motion)
        self.change = motion
        return True

    def _on_modifier(self, i, name):
        target = self.change if self.change is not None else (self.seg.motions[-1] if self.seg.motions else None)
        if target is None:
            self.seg.manner.append(name)
        else:
            target.modifiers.append(name)
        return True

    def _on_repeat(self, i, name):
        self.seg.repetitions.append(name)
        return True

    def _on_between(self, i, name):
        self.between = True
        return True

    def _on_plus(self, i, name):
        if not self.stack:
            return False
        self.stack[-1][1] = 1
        self.close_placements()
        self.finger_detail = None
        return True

    def _open(self, i, name):
        self.stack.append([i, 0, 0])
        if name != "hamseqbegin":  # a sequence inside a location stays one placement
            self.close_placements()
        return True

    def _close(self, i, name):
        if not self.stack:
            return False
        opening = self.stack.pop()[0]
        inner = self.names[opening + 1:i]
        self.last_par_parts = bool(self.has_plus.get(opening)) and bool(inner) and all(
            CATEGORY.get(n) in ("handpart", "finger", "fingerpart", "plus", "side") for n in inner) and any(
            CATEGORY.get(n) != "side" for n in inner)
        self.last_par_placements = None
        if self.last_par_parts and self.phase != "act":
            dom, non = self.seg.dominant.placements, self.seg.nondominant.placements
            if dom and non and dom[-1].hand_parts and non[-1].hand_parts:
                self.last_par_placements = (dom[-1], non[-1])
        elif self.last_par_parts and self.seg.motions:  # an end contact between parts of the two hands
            last = self.seg.motions[-1]
            if last.target is not None and last.other_target is not None and last.target.hand_parts \
                    and last.other_target.hand_parts:
                self.last_par_placements = (last.target, last.other_target)
        if name != "hamseqend":
            self.close_placements()
        self.finger_detail = None
        return True

    def _mark_simultaneous(self, motion: Motion):
        """Motions inside one parallel bracket (without hamplus) happen at the same time."""
        if self.stack and self.names[self.stack[-1][0]] == "hamparbegin" and not self.has_plus.get(self.stack[-1][0]):
            motion.simultaneous = self.stack[-1][2] > 0
            self.stack[-1][2] += 1

    _on_parbegin = _on_seqbegin = _on_fusionbegin = _open
    _on_parend = _on_seqend = _on_fusionend = _close


def parse(notation: str) -> HamNoSysSign:
    """Parse one HamNoSys string (private-use symbols) into segments of structured slots."""
    names = symbol_names(notation)
    unknown = [n for n in names if n.startswith("?")]
    understood, unparsed, segments = 0, [], []
    for chunk in _split_segments(names):
        parser = _SegmentParser(chunk)
        segments.append(parser.run())
        understood += parser.understood
        unparsed.extend(n for n in parser.unparsed if not n.startswith("?"))
    # the depth-0 hamplus symbols that joined segments were understood as structure
    understood += len(names) - sum(len(c) for c in _split_segments(names))
    return HamNoSysSign(notation=notation, segments=segments, symbols=names, understood=understood,
                        unparsed=unparsed, unknown=unknown)

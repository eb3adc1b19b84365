"""text -> gloss -> pose (+ renders), with coverage and provenance for every token.

Per gloss, the first that applies:

1. `lexicon`: a confident knowledge-base sign with a pose (imported lexicons);
2. a confident dictionary sign without a pose (the DGS dictionary has SignWriting/HamNoSys only):
   shown as SignWriting, and its pose is `generated`: by the generator when one is given that was
   trained on dictionary signs of the language, else animated from the entry's HamNoSys (or its
   SignWriting) by the rule-based animator (`signbridge.knowledge.animation`); `missing` when neither works;
3. `fingerspelling` in the language's manual alphabet (names and numbers go here directly);
   characters the alphabet cannot spell get their own `missing` entry;
4. `generated` by a trained text-to-pose checkpoint (`generator=DIR`), when given;
5. `missing`.

The pieces are joined by `signbridge.knowledge.pose_join` (trim, cap, transitions, holds, smoothing) and
written as `.pose`; renders are chosen by file suffix (.gif .mp4 .svg .png .html .sigml).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from signbridge.knowledge.atomic import atomic_path
from signbridge.knowledge.config import check_fields
from signbridge.knowledge.errors import InputError
from signbridge.knowledge.fingerspelling import alphabet, letter_timing, load_clip, signwriting_spell, spell
from signbridge.knowledge.frames import resample_frames
from signbridge.knowledge.languages import Language, resolve
from signbridge.knowledge.pose_join import JoinConfig, join_poses_with_spans
from signbridge.knowledge.settings import Settings
from signbridge.knowledge.text import plain_text, slug
from signbridge.tools.production_sources import (entry_pose, entry_provenance, generator_from, knows_dictionary,
                                                 lexicon_entry, merge_phrases)
from signbridge.tools.render import SUFFIXES
from signbridge.tools.types import RENDER_SIZE, SIZE_RANGE, SPEED_RANGE, Coverage, Gloss, ProductionResult

MAX_TEXT = 2000


@dataclass
class ProductionConfig:
    join: JoinConfig = field(default_factory=lambda: JoinConfig(rest_at_ends=True),
                             metadata={"help": "how clips are joined (starting and ending at rest)"})
    lookup_k: int = field(default=5, metadata={"help": "lexicon hits examined per gloss"})
    render_size: int = field(default=RENDER_SIZE, metadata={"help": "animation frame size (longest side, pixels), "
                                                                     f"{SIZE_RANGE[0]}-{SIZE_RANGE[1]}"})
    speed: float = field(default=1.0, metadata={"help": "playback rate: 0.5 = half speed (twice the frames at the "
                                                        f"same fps), {SPEED_RANGE[0]:g}-{SPEED_RANGE[1]:g}"})

    def __post_init__(self):
        if not SPEED_RANGE[0] <= self.speed <= SPEED_RANGE[1]:
            raise InputError(f"speed {self.speed:g} is out of range: use {SPEED_RANGE[0]:g} to {SPEED_RANGE[1]:g} "
                             "(1 = as recorded, 0.5 = half speed)")
        if not SIZE_RANGE[0] <= self.render_size <= SIZE_RANGE[1]:
            raise InputError(f"size {self.render_size} is out of range: use {SIZE_RANGE[0]} to {SIZE_RANGE[1]} pixels")
        check_fields(self, positive=("lookup_k",))


@dataclass
class _Piece:
    """One clip to join and the coverage entry whose frames it fills."""

    pose: object
    coverage: Coverage
    hold: float = 0.0
    cap: float | None = None
    pause: float = 0.0


# -- paths --------------------------------------------------------------------------------------

def output_path(path: str | Path, settings: Settings, base: Path | None = None, suffixes=None,
                folder: bool = False) -> Path:
    """An output file (or with `folder`, a folder) where `settings.paths` allows it.

    Relative paths resolve against `base` (default: the output folder); an existing folder where a
    file is wanted is an InputError.
    """
    resolved = settings.paths.write(path, what="output path", base=Path(base) if base else settings.paths.out_dir)
    if resolved.is_dir() and not folder:
        raise InputError(f"output path '{path}' is a folder: give a file name inside it, e.g. "
                         f"{Path(path) / ('sign' + (Path(path).suffix or '.pose'))}")
    if suffixes and resolved.suffix.lower() not in suffixes:
        raise InputError(f"cannot write '{Path(path).name}': use one of {', '.join(suffixes)}")
    return resolved


def check_renders(renders, settings: Settings, base: Path | None = None) -> list[Path]:
    """Validate render paths before any work: known suffix, inside the allowed folders."""
    out = []
    for render in renders or ():
        suffix = Path(render).suffix.lower()
        if suffix not in SUFFIXES:
            raise InputError(f"unknown render format '{suffix or render}': use {', '.join(SUFFIXES)}")
        out.append(output_path(render, settings, base))
    return out


# -- sources ------------------------------------------------------------------------------------

def _generate(generator, gloss: Gloss, language: str, detail: str) -> _Piece | None:
    if generator is None:
        return None
    try:
        pose = generator.generate(gloss.word or gloss.gloss, language)
    except Exception as error:  # a checkpoint without this language or vocabulary: report, don't crash
        gloss_detail = f"{detail}; generator failed: {str(error)[:100]}"
        return _Piece(None, Coverage(gloss.word, gloss.gloss, "missing", gloss_detail))
    directory = getattr(generator, "directory", None)
    return _Piece(pose, Coverage(gloss.word, gloss.gloss, "generated",
                                 "neural text-to-pose generator (approximate, not a dictionary sign)",
                                 provenance=f"checkpoint {directory}" if directory else "checkpoint"),
                  cap=float("inf"))  # its own timing: not a citation form to speed up


def animated_piece(gloss: Gloss, entry, provenance: str, license_: str) -> tuple[_Piece | None, str]:
    """The dictionary entry animated from its HamNoSys (or SignWriting): (piece, "") or (None, why not)."""
    from signbridge.knowledge.animation.cache import animated_pose  # stored once animated: no animator import
    from signbridge.knowledge.animation.types import AnimationError

    try:
        pose, how = animated_pose(entry)
    except AnimationError as error:
        return None, f"could not be animated ({error})"
    cov = Coverage(gloss.word, gloss.gloss, "generated", f"dictionary sign {entry.gloss}, {how}",
                   entry_id=entry.id, provenance=f"{how}; {provenance}", license=license_,
                   signwriting=entry.signwriting, hamnosys=entry.hamnosys)
    return _Piece(pose, cov, cap=float("inf")), ""  # its own timing (rest, holds, movements)


def _fingerspell(gloss: Gloss, language: str, config: ProductionConfig, word: str | None = None):
    """Pieces and coverage for spelling one word; ([], [missing...]) when nothing can be spelled."""
    word = word if word is not None else gloss.word
    units = spell(word, language)
    spelled = [u for u in units if u.clip is not None]
    coverage: list[Coverage] = []
    pieces: list[_Piece] = []
    sw = [s for s in signwriting_spell(word, language) if s]
    if spelled:
        notes = sorted({u.note for u in spelled if u.note})
        detail = "spelled " + "-".join(u.letters.upper() for u in spelled)
        if notes:
            detail += f" ({'; '.join(notes)})"
        main = Coverage(word, gloss.gloss, "fingerspelling", detail,
                        provenance=_clip_provenance(), license="MIT (spoken-to-signed package)",
                        signwriting=" ".join(sw) or None)
        coverage.append(main)
        holds, caps, pauses = letter_timing(spelled, config.join)
        for unit, hold, cap, pause in zip(spelled, holds, caps, pauses):
            pieces.append(_Piece(load_clip(unit.clip), main, hold, cap, pause))
    for unit in units:
        if unit.clip is None and unit.letters is None and units and spelled:
            coverage.append(Coverage(unit.source, gloss.gloss, "missing", unit.note or "cannot be fingerspelled"))
    return pieces, coverage, bool(spelled), sw


@lru_cache(maxsize=1)
def _clip_provenance() -> str:
    from signbridge.knowledge.package_data import package_version

    return f"spoken-to-signed-fingerspelling {package_version('spoken-to-signed')} (letter clips)"


# -- the pipeline -------------------------------------------------------------------------------

def _resolve(language: Language | str) -> Language:
    return language if isinstance(language, Language) else resolve(language)


_SYMBOL_JOINERS = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}  # ZWJ, variation selectors, keycap


def unsignable_symbols(text: str) -> list[str]:
    """Runs of emoji and other symbols (Unicode category So, with their joiners and skin tones).

    The glosser reads only words, so these would vanish from the output without a trace.
    """
    runs, current = [], ""
    for char in text:
        category = unicodedata.category(char)
        if category == "So" or (current and (char in _SYMBOL_JOINERS or category == "Sk")):
            current += char
        elif current:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


def _check_text(text: str) -> str:
    return plain_text(text or "", "text", MAX_TEXT, "nothing to produce", "split it or use --batch", multiline=True)


def _pieces_for(gloss: Gloss, language: Language, settings: Settings, config: ProductionConfig, kb, generator):
    """(pieces, coverage) for one gloss, following the order in the module docstring."""
    code = language.code
    dictionary_entry = None
    if gloss.kind != "number":
        with_pose, dictionary_entry = lexicon_entry(gloss, code, kb, settings, config.lookup_k)
        matched = with_pose or dictionary_entry
        if matched is not None:  # the dictionary's gloss names the sign better than the lemma ("DANKE", not DANK)
            gloss.gloss = matched.gloss.upper()
        if with_pose is not None:
            provenance, license_ = entry_provenance(with_pose)
            cov = Coverage(gloss.word, gloss.gloss, "lexicon", f"dictionary sign {with_pose.gloss}",
                           entry_id=with_pose.id, provenance=provenance, license=license_,
                           signwriting=with_pose.signwriting, hamnosys=with_pose.hamnosys)
            return [_Piece(entry_pose(with_pose), cov, cap=None)], [cov]
    if dictionary_entry is not None:
        provenance, license_ = entry_provenance(dictionary_entry)
        notation = "SignWriting" if dictionary_entry.signwriting else "HamNoSys"
        detail = f"dictionary sign {dictionary_entry.gloss} has {notation} but no pose"
        piece = _generate(generator, gloss, code, detail) if knows_dictionary(generator, code) else None
        if piece is not None and piece.pose is not None:
            piece.coverage.entry_id, piece.coverage.signwriting = dictionary_entry.id, dictionary_entry.signwriting
            piece.coverage.hamnosys = dictionary_entry.hamnosys
            piece.coverage.detail += f"; {detail} ({provenance})"
            return [piece], [piece.coverage]
        piece, reason = animated_piece(gloss, dictionary_entry, provenance, license_)
        if piece is not None:
            return [piece], [piece.coverage]
        if generator is not None and not knows_dictionary(generator, code):
            reason += "; the generator was not trained on dictionary signs"
        cov = Coverage(gloss.word, gloss.gloss, "missing", f"{detail}; {reason}",
                       entry_id=dictionary_entry.id, provenance=provenance, license=license_,
                       signwriting=dictionary_entry.signwriting, hamnosys=dictionary_entry.hamnosys)
        return [], [cov]
    pieces, coverage, spelled, sw = _fingerspell(gloss, code, config)
    if spelled:
        return pieces, coverage
    reason = (f"no sign in the lexicon and no fingerspelling clips for {code}" if alphabet(code) is None
              else f"no sign in the lexicon and '{gloss.word}' cannot be fingerspelled in {code}")
    if sw:
        reason += "; shown as SignWriting fingerspelling"
    piece = _generate(generator, gloss, code, reason)
    if piece is not None and piece.pose is not None:
        piece.coverage.signwriting = " ".join(sw) or None
        return [piece], [piece.coverage]
    return [], [Coverage(gloss.word, gloss.gloss, "missing", piece.coverage.detail if piece else reason,
                         signwriting=" ".join(sw) or None)]


def _assemble(text: str, language: Language, glosses: list[Gloss], pieces: list[_Piece], coverage: list[Coverage],
              settings: Settings, config: ProductionConfig, out, renders, base, glosser: str,
              notes: list[str]) -> ProductionResult:
    render_paths = check_renders(renders, settings, base)
    pose_path = output_path(out, settings, base, suffixes=(".pose",)) if out else \
        output_path(f"{slug(text)}.{language.code}.pose", settings)
    result = ProductionResult(text=text, language=language.code, glosses=glosses, coverage=coverage,
                              glosser=glosser, notes=notes)
    pieces = [p for p in pieces if p.pose is not None]
    if pieces:
        join = config.join
        first = pieces[0].pose.header
        if any(_layout_key(p.pose.header) != _layout_key(first) for p in pieces):
            from dataclasses import replace

            join = replace(join, layout="common")  # mixed sources (e.g. generated + letters): shared joints
            notes.append("clips from different point layouts were joined on the common 50-point layout")
        pose, spans = join_poses_with_spans([p.pose for p in pieces], join, holds=[p.hold for p in pieces],
                                            max_seconds=[p.cap for p in pieces], pauses=[p.pause for p in pieces])
        for piece, span in zip(pieces, spans):
            if span is None:
                continue
            old = piece.coverage.frames
            piece.coverage.frames = (min(old[0], span[0]), max(old[1], span[1])) if old else span
        if config.speed != 1.0:
            pose = _at_speed(pose, config.speed)
            for item in {id(p.coverage): p.coverage for p in pieces}.values():  # letters share their word's entry
                if item.frames:
                    item.frames = (round(item.frames[0] / config.speed), round(item.frames[1] / config.speed))
            notes.append(f"played at {config.speed:g}x speed (frames resampled, same fps)")
        result.pose, result.fps = pose, float(pose.body.fps)
        _write_pose(pose, pose_path)
        result.pose_path = pose_path
    else:
        notes.append("nothing could be animated: no pose was written")
    from signbridge.tools.render import render_all

    result.renders = render_all(result, render_paths, size=config.render_size)
    if config.render_size != RENDER_SIZE and any(p.suffix.lower() in (".gif", ".mp4", ".html") for p in result.renders):
        notes.append(f"animation frames {config.render_size} pixels on the longest side")
    return result


def _at_speed(pose, speed: float):
    """The pose played `speed` times as fast: linearly resampled to frames/speed frames at the same fps, so
    every render and player shows it at that rate (GIF frame delays cannot go below ~20 ms)."""
    import numpy as np
    from pose_format import Pose
    from pose_format.numpy import NumPyPoseBody

    data = np.ma.getdata(pose.body.data)  # (frames, people, points, dims)
    conf = np.asarray(pose.body.confidence, dtype=np.float32)  # (frames, people, points)
    frames = max(1, round(data.shape[0] / speed))
    people = [resample_frames(np.asarray(data[:, i], dtype=np.float32), conf[:, i], frames) for i in range(data.shape[1])]
    new_data = np.stack([d for d, _ in people], axis=1)  # (frames', people, points, dims)
    new_conf = np.stack([c for _, c in people], axis=1)  # (frames', people, points)
    mask = np.repeat((new_conf <= 0)[..., None], new_data.shape[-1], axis=-1)
    body = NumPyPoseBody(fps=pose.body.fps, data=np.ma.masked_array(new_data, mask=mask), confidence=new_conf)
    return Pose(header=pose.header, body=body)


def _layout_key(header) -> tuple:
    return tuple((c.name, len(c.points)) for c in header.components)


def _write_pose(pose, path: Path) -> None:
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        pose.write(f)


def produce(text: str, language: Language | str, settings: Settings, glosser: str = "simple",
            generator=None, out=None, renders=(), config: ProductionConfig | None = None, *, kb,
            base: Path | None = None, order: list[int] | None = None) -> ProductionResult:
    """Text -> glosses -> one joined pose, written as .pose (+ renders by suffix).

    `kb`: the knowledge base the signs come from (opened by the caller, e.g. the CLI command).
    `generator`: a text-to-pose checkpoint directory (or a loaded generator with `.generate`).
    `base`: the folder relative output paths are resolved against (the CLI passes the cwd;
    default the output dir). `order`: word positions of `text` in sign-language order (grounded glosses from
    `signbridge.tools.glossing.order`); the glosses are rearranged to it, nothing added or dropped.
    Raises InputError/UnknownLanguageError/PathNotAllowedError for bad input.
    """
    from signbridge.tools.glossing import text_to_gloss

    config = config or ProductionConfig()
    text = _check_text(text)
    language = _resolve(language)
    check_renders(renders, settings, base)  # fail before any work
    if out:
        output_path(out, settings, base, suffixes=(".pose",))
    glosses = text_to_gloss(text, language, backend=glosser, settings=settings, kb=kb)
    notes = []
    if glosser == "simple" and order:
        notes.append("simple glosser: rule-based (lemmas, function words dropped), rearranged in the given "
                     "sign-language word order")
    elif glosser == "simple":
        notes.append("simple glosser: rule-based (lemmas, function words dropped, spoken word order kept)")
    elif glosser.startswith("lora:"):
        notes.append("LoRA glosser: SmolLM2 + LoRA with retrieved candidate glosses; glosses outside the vocabulary "
                     "are matched back by similarity or marked missing (see each gloss's backend)")
    symbols = unsignable_symbols(text)
    if not glosses:
        if symbols:
            raise InputError(f"nothing to sign in '{text}': emoji and symbols have no sign; write them as words")
        raise InputError(f"nothing to sign in '{text}': only function words or punctuation")
    gen = generator if hasattr(generator, "generate") else generator_from(generator, settings)
    if glosser == "simple":
        glosses = merge_phrases(text, glosses, language.code, kb, settings)
    if order:
        from signbridge.tools.glossing.order import apply_order

        glosses = apply_order(glosses, order)
    pieces: list[_Piece] = []
    coverage: list[Coverage] = []
    for gloss in glosses:
        p, c = _pieces_for(gloss, language, settings, config, kb, gen)
        pieces += p
        coverage += c
    # the glosser skips emoji and symbols like punctuation; say so instead of dropping them silently
    coverage += [Coverage(token=symbol, gloss=symbol, source="missing",
                          detail="an emoji or symbol: it has no sign; write it as a word") for symbol in symbols]
    unanimated = sum(1 for c in coverage if c.source == "missing" and c.entry_id and c.signwriting)
    if unanimated:
        drawn = any(str(r).lower().endswith((".svg", ".png", ".html")) for r in renders)
        notes.append(f"{unanimated} dictionary sign(s) have SignWriting but no pose: "
                     + ("they are drawn in the SignWriting render" if drawn else
                        "see the SignWriting render (--render F.svg)") + " and are gaps in the animation")
    result = _assemble(text, language, glosses, pieces, coverage, settings, config, out, renders, base, glosser, notes)
    # answers say "add a dictionary" only when none is installed for the language
    result.dictionary_entries = len(kb.entries(language.code, "sign"))
    return result


def fingerspell(text: str, language: Language | str, settings: Settings, out=None, renders=(),
                config: ProductionConfig | None = None, base: Path | None = None) -> ProductionResult:
    """Spell the text letter by letter in the language's manual alphabet (no lexicon, no glossing)."""
    config = config or ProductionConfig()
    text = _check_text(text)
    language = _resolve(language)
    check_renders(renders, settings, base)
    if out:
        output_path(out, settings, base, suffixes=(".pose",))
    from signbridge.knowledge.fingerspelling import words

    glosses = [Gloss(gloss=w.upper(), word=w, lemma=w, kind="name", position=i, backend="fingerspell")
               for i, w in enumerate(words(text))]
    if not glosses:
        raise InputError(f"nothing to fingerspell in '{text}'")
    pieces: list[_Piece] = []
    coverage: list[Coverage] = []
    for gloss in glosses:
        p, c, spelled, sw = _fingerspell(gloss, language.code, config)
        if not spelled:
            c = [Coverage(gloss.word, gloss.gloss, "missing",
                          f"'{gloss.word}' cannot be fingerspelled with the {language.code} pose alphabet",
                          signwriting=" ".join(sw) or None)]
        pieces += p
        coverage += c
    return _assemble(text, language, glosses, pieces, coverage, settings, config, out, renders, base,
                     "fingerspell", [])


__all__ = ["produce", "fingerspell", "merge_phrases", "ProductionConfig", "ProductionResult",
           "output_path", "check_renders"]

"""Sign language translation (SLT: video/pose -> text) and recognition (SLR: -> one sign's gloss).

No SLT or SLR model ships with signbridge. These functions validate the input file (confined when a model chose it),
read what can be read cheaply (a .pose file: frames, fps, points), look for a trained model for
the language under `<home>/models/{slt,slr}/<code>/`, and otherwise answer clearly that none is
installed and how to get one. They never guess a translation.

Two real models exist today. The isolated-sign recogniser (`signbridge train slr`, GSP-MC,
models/slr.py): `recognize` uses the model given with `model=DIR`, else one found under
`<home>/models/slr/` for the language, and answers the top-k glosses with scores and what the
model was trained on. The fingerspelling recogniser (`signbridge train recognizer`, CTC over
letters, models/recognizer.py): without a sign-level model, a .pose input is read as
fingerspelling, and the answer says that only letters were read.

SLT: a fingerspelling-level SLT model (`signbridge train slt` / `train grpo`, models/slt.py) is used when
given (`model=`) or found under `<home>/models/slt/` (any finished folder there whose slt.json lists the
language); it reads spelled words, and the answer says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Literal

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.settings import Settings

Task = Literal["translate", "recognize"]
VIDEO_SUFFIXES = (".mp4", ".mov", ".webm", ".avi", ".mkv", ".m4v")
POSE_SUFFIXES = (".pose",)
_NAMES = {"translate": ("SLT", "sign language translation", "slt"), "recognize": ("SLR", "isolated sign recognition", "slr")}


@dataclass
class RecognitionResult:
    task: Task
    language: str
    path: str  # the confined, resolved input file
    ok: bool  # True only when a model ran
    message: str  # one sentence for people
    text: str | None = None  # translation (SLT) or gloss (SLR) when a model ran
    model: str | None = None  # the checkpoint folder used or looked for
    input_info: dict = field(default_factory=dict)  # what was read from the file (frames, fps, ...)
    notes: list[str] = field(default_factory=list)
    candidates: list[dict] = field(default_factory=list)  # SLR: [{"gloss", "score"}] best first

    def to_json(self) -> dict:
        return {"task": self.task, "language": self.language, "path": self.path, "ok": self.ok,
                "message": self.message, "text": self.text, "model": self.model, "input": self.input_info,
                "notes": self.notes, "candidates": self.candidates}


def validate_input(path: str | Path, settings: Settings) -> Path:
    """Check `path` (confined by `settings.paths` when a model chose it) is an existing video or .pose file."""
    resolved = settings.paths.read(path, what="input file")
    if not resolved.exists():
        raise InputError(f"input file '{path}' does not exist")
    if not resolved.is_file():
        raise InputError(f"input '{path}' is not a file")
    if resolved.suffix.lower() not in VIDEO_SUFFIXES + POSE_SUFFIXES:
        raise InputError(f"'{path}' is not a video ({', '.join(VIDEO_SUFFIXES)}) or pose (.pose) file")
    return resolved


def _read_pose(path: Path):
    from pose_format import Pose

    try:
        with open(path, "rb") as f:
            pose = Pose.read(f.read())
    except Exception as error:  # a corrupt or foreign file is the user's to fix
        why = "it is empty" if path.stat().st_size == 0 else "it is truncated or not in pose-format"
        raise InputError(f"'{path.name}' is not a readable .pose file: {why}") from None
    from signbridge.knowledge.pose_checks import pose_problem

    problem = pose_problem(pose)
    if problem is not None:  # nothing to recognise: never an "ok" with empty or invented text
        raise InputError(f"'{path.name}' cannot be recognised: {problem}")
    frames, people, points, dims = pose.body.data.shape  # (frames, people, points, dims)
    info = {"kind": "pose", "frames": int(frames), "fps": float(pose.body.fps), "points": int(points),
            "components": [c.name for c in pose.header.components]}
    return pose, info


def fingerspelling_recognizer_dir(language: str, settings: Settings) -> Path | None:
    """A folder holding a trained fingerspelling recogniser for `language` (`signbridge train recognizer`)."""
    out_dir = Path(settings.out_dir)
    for base in (settings.models_dir, settings.models_dir / "text2pose", out_dir / "text2pose"):
        if (base / "recognizer" / language / "model.safetensors").exists():
            return base
    return None


def _read_fingerspelling(pose, language: str, base: Path) -> str:
    """Letters read by the CTC fingerspelling recogniser (models.recognizer) from a pose."""
    from signbridge.models.posedata import pose_to_array
    from signbridge.models.recognizer import load_recognizer

    group = load_recognizer(base, language)
    return group.recognize([pose_to_array(pose).data])[0]


def model_dir(task: Task, language: str, settings: Settings) -> Path:
    return settings.models_dir / _NAMES[task][2] / language


def find_slt_model(language: str, settings: Settings) -> Path | None:
    """A trained fingerspelling-level SLT folder for `language` under `<home>/models/slt/` (GRPO first)."""
    import json

    base = settings.models_dir / "slt"
    found = []
    for meta_path in sorted(base.glob("*/slt.json")) + sorted(base.glob("slt.json")):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if meta.get("complete") and language in meta.get("languages", []):
            found.append((len(meta.get("stages", [])), meta_path.parent))
    return max(found)[1] if found else None


def _run_slt(path: Path, pose, info: dict, lang, folder: Path, settings: Settings) -> RecognitionResult:
    from signbridge.models.slt import translate_pose

    text, provenance = translate_pose(folder, pose, lang.code, settings.models_dir)
    stages = "+".join(s.upper() for s in provenance.get("stages") or [])
    message = (f"fingerspelling-level SLT ({stages}, {provenance['base_model']} + LoRA) for {lang.name}: "
               f"spelled words only, not signed sentences")
    return RecognitionResult("translate", lang.code, str(path), True, message, text=text, model=str(folder),
                             input_info=info, notes=[provenance["note"], f"trained on {provenance['data']}"])


def slr_model(language: str, settings: Settings, model: str | Path | None = None) -> Path | None:
    """The isolated-sign model folder to use: `model` (must hold one for the language), else one under
    `<home>/models/slr/` (`slr/<code>/` or any `slr/*/` trained for the language)."""
    if find_spec("torch") is None:
        return None
    from signbridge.models.slr import slr_model_dir

    if model is not None:
        folder = settings.paths.read(model, what="model folder")
        if not folder.is_dir():
            raise InputError(f"model folder '{model}' does not exist; train one with: signbridge train slr "
                             f"--lang {language} --out {model}")
        found = slr_model_dir(folder, language)
        if found is None:
            raise InputError(f"'{model}' holds no isolated-sign model for '{language}' (train one with "
                             f"`signbridge train slr --lang {language} --out {model}`)")
        return found
    base = settings.models_dir / "slr"
    for folder in [base, *sorted(p for p in base.glob("*") if p.is_dir())] if base.is_dir() else []:
        found = slr_model_dir(folder, language)
        if found is not None:
            return found
    return None


def _recognize_sign(pose, lang, folder: Path, resolved: Path, info: dict, k: int) -> RecognitionResult:
    from signbridge.models.slr import recognize_pose

    predictions, predictor = recognize_pose(pose, folder, k=k)
    data = predictor.info.get("data", {})
    top = ", ".join(f"{p.label} {p.score:.2f}" for p in predictions)
    message = (f"isolated-sign recogniser for {lang.name} ({len(predictor.labels)} classes, trained on "
               f"{data.get('data', '?')}); top {len(predictions)}: {top}")
    notes = [f"training data: {data.get('provenance', 'unknown')}",
             "scores are the model's softmax over its own classes, not calibrated probabilities"]
    return RecognitionResult("recognize", lang.code, str(resolved), True, message,
                             text=predictions[0].label if predictions else None, model=str(folder),
                             input_info=info, notes=notes,
                             candidates=[{"gloss": p.label, "score": round(p.score, 4)} for p in predictions])


def _translation_runtime():
    """`run(checkpoint, path, settings) -> text` of a sign language translation model module
    (`signbridge.models.slt`), or None when this install has none."""
    try:
        from signbridge.models.slt import run
    except ModuleNotFoundError as error:
        if error.name == "signbridge.models.slt":
            return None
        raise
    except ImportError:  # the module exists but has no `run` entry point
        return None
    return run


def _run(task: Task, path: str | Path, language, settings: Settings, model: str | Path | None = None,
         k: int = 5) -> RecognitionResult:
    from signbridge.knowledge.languages import Language, resolve

    lang = language if isinstance(language, Language) else resolve(language)  # a Language: resolved by the caller
    resolved = validate_input(path, settings)
    pose = None
    if resolved.suffix.lower() in POSE_SUFFIXES:
        pose, info = _read_pose(resolved)
    else:
        info = {"kind": "video", "bytes": resolved.stat().st_size}
    if task == "recognize":  # the isolated-sign recogniser (models/slr.py) reads poses
        sign_model = slr_model(lang.code, settings, model)
        if sign_model is not None and pose is not None:
            return _recognize_sign(pose, lang, sign_model, resolved, info, k)
        if sign_model is not None:
            return RecognitionResult(task, lang.code, str(resolved), False,
                                     f"the isolated-sign model at {sign_model} reads .pose files: extract the video's "
                                     "poses first (MediaPipe Holistic, the 'video' extra) and pass the .pose file",
                                     model=str(sign_model), input_info=info)
    short, long_name, folder = _NAMES[task]
    if task == "translate" and model is not None and pose is None:
        raise InputError("the SLT model reads .pose files; extract the video's poses first (MediaPipe Holistic, "
                         "the 'video' extra) and pass the .pose file")
    slt_model = None
    if task == "translate" and model is not None:
        from signbridge.knowledge.paths import confine

        slt_model = confine(model, [Path.cwd(), *settings.read_roots, Path(settings.home), Path(settings.out_dir)],
                            what="model folder")
    if slt_model is None and task == "translate" and pose is not None and find_spec("peft") is not None:
        slt_model = find_slt_model(lang.code, settings)
    if slt_model is not None:
        return _run_slt(resolved, pose, info, lang, Path(slt_model), settings)
    checkpoint = model_dir(task, lang.code, settings)
    runtime = _translation_runtime() if task == "translate" else None  # SLR is handled above
    if checkpoint.is_dir() and runtime is not None:
        text = runtime(checkpoint, resolved, settings)  # a trained model's own entry point
        return RecognitionResult(task, lang.code, str(resolved), True, f"{short} model output for {lang.name}",
                                 text=text, model=str(checkpoint), input_info=info)
    # no sign-level model, but a fingerspelling recogniser can read spelled letters from a pose
    speller = fingerspelling_recognizer_dir(lang.code, settings) if pose is not None else None
    if speller is not None and find_spec("torch") is not None:
        letters = _read_fingerspelling(pose, lang.code, speller)
        message = (f"read as fingerspelling by the {lang.name} fingerspelling recogniser: letters only; no "
                   f"sign-level {short} model is installed, so whole signs are not {'translated' if task == 'translate' else 'recognised'}")
        return RecognitionResult(task, lang.code, str(resolved), True, message, text=letters,
                                 model=str(speller / "recognizer" / lang.code), input_info=info,
                                 notes=["fingerspelling recogniser (models/recognizer.py, CTC over letters)"])
    what = "video" if info["kind"] == "video" else f"pose file ({info['frames']} frames at {info['fps']:g} fps)"
    if checkpoint.is_dir():
        message = (f"a {short} checkpoint exists at {checkpoint}, but this install has no {long_name} runtime "
                   f"('signbridge.models.{folder}'), so the {what} was not {'translated' if task == 'translate' else 'recognised'}")
    else:
        message = (f"no {short} ({long_name}) model is installed for {lang.name} ({lang.code}), so the {what} "
                   f"was not {'translated' if task == 'translate' else 'recognised'}. "
                   + (f"Train one with `signbridge train slr --lang {lang.code} --out {checkpoint}` (isolated signs). "
                      if task == "recognize" else
                      f"Train a fingerspelling-level SLT model with `signbridge train slt --languages {lang.code}` (found "
                      f"under {settings.models_dir / 'slt'}); sentence-level SLT needs a corpus (`signbridge train slt-import`). ")
                   + "For fingerspelled .pose "
                   f"files, train the fingerspelling recogniser: `signbridge train recognizer --languages {lang.code} "
                   f"--out {settings.models_dir}`")
    notes = []
    if info["kind"] == "video":
        notes.append("videos are turned into poses first (MediaPipe Holistic, the 'video' extra) once a model exists")
    return RecognitionResult(task, lang.code, str(resolved), False, message, model=str(checkpoint), input_info=info,
                             notes=notes)


def translate(path: str | Path, language, settings: Settings, model: str | Path | None = None) -> RecognitionResult:
    """SLT on a video or .pose file: the spoken-language text it signs (only with a trained model).
    `language`: a `Language`, or a code or name to resolve."""
    return _run("translate", path, language, settings, model)


def recognize(path: str | Path, language, settings: Settings, model: str | Path | None = None,
              k: int = 5) -> RecognitionResult:
    """SLR on a video or .pose file of one sign: its gloss and the top-k candidates (only with a trained model)."""
    return _run("recognize", path, language, settings, model=model, k=k)

"""Text-to-pose checkpoints on disk and the `Generator` that serves them.

A checkpoint folder::

    OUT/generator.json            mode, languages -> group folder, fps, layout
    OUT/groups/<lang>/            MLSF: one folder per language, trained/loaded independently
    OUT/groups/shared/            P2LG: one folder for all languages
        model.safetensors         weights
        config.json               {"model": Text2PoseModelConfig, "train": Text2PoseConfig, "mode"}
        vocab.json                CharVocab (characters + language markers)
        trainer_state.json        step, loss history, dev results, wall time
        trainer_state.pt          optimizer, scheduler, torch/numpy RNG, PLC state (for --resume)

Adding a language to an MLSF checkpoint writes one new group folder and rewrites
generator.json; other groups' files are not touched. Every file is written to a temporary
name and moved into place, so an interrupted save leaves the previous checkpoint intact.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from signbridge.knowledge.atomic import atomic_write_text
from signbridge.knowledge.errors import InputError, NotConfiguredError
from signbridge.models.posedata import FPS, POINTS, DIMS
from signbridge.models.text2pose import Text2Pose, Text2PoseModelConfig
from signbridge.models.vocab import CharVocab

MANIFEST = "generator.json"
FORMAT_VERSION = 1


def group_dir(out: Path, mode: str, language: str) -> Path:
    return Path(out) / "groups" / ("shared" if mode == "p2lg" else language)


@dataclass
class Group:
    model: Text2Pose
    vocab: CharVocab
    mark_language: bool  # P2LG: tokens carry language markers


def save_group(folder: Path, model: Text2Pose, vocab: CharVocab, mode: str, train_config: dict,
               state: dict, resume_state: dict | None = None) -> None:
    """Weights, config, vocabulary, trainer state and resume state, saved together (one swap of folders)."""
    from safetensors.torch import save_file

    from signbridge.models.checkpoints import save_folder

    tensors = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    config = {"model": model.config.to_json(), "train": train_config, "mode": mode}

    def write(tmp: Path) -> None:  # a fresh folder: plain writes, the swap makes them atomic together
        save_file(tensors, str(tmp / "model.safetensors"), metadata={"format": "signbridge-text2pose", "mode": mode})
        (tmp / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
        (tmp / "vocab.json").write_text(json.dumps(vocab.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        (tmp / "trainer_state.json").write_text(json.dumps(state, indent=1), encoding="utf-8")
        if resume_state is not None:
            torch.save(resume_state, tmp / "trainer_state.pt")

    save_folder(Path(folder), write)


def load_group(folder: Path, device: str = "cpu") -> tuple[Group, dict]:
    """-> (Group, saved config.json dict)."""
    from signbridge.models.checkpoints import load_model_folder

    folder = Path(folder)
    model, config = load_model_folder(folder, lambda c: Text2Pose(Text2PoseModelConfig(**c["model"])), device)
    vocab = CharVocab.read(folder / "vocab.json")
    return Group(model, vocab, mark_language=config["mode"] == "p2lg"), config


def read_manifest(out: Path) -> dict | None:
    """generator.json of a checkpoint folder, None if there is none; a damaged one is an InputError."""
    path = Path(out) / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"'{path}' is damaged ({type(error).__name__}): retrain into this folder or "
                         "restore the file") from None
    if not (isinstance(manifest, dict) and isinstance(manifest.get("groups"), dict) and "mode" in manifest):
        raise InputError(f"'{path}' is not a signbridge text2pose manifest (needs 'mode' and 'groups')")
    return manifest


def write_manifest(out: Path, mode: str, preset: str, languages: list[str]) -> dict:
    """Merge `languages` into generator.json (MLSF keeps the groups already there)."""
    old = read_manifest(out)
    if old is not None and old["mode"] != mode:
        raise InputError(f"'{out}' holds a {old['mode']} checkpoint; train {mode} into another --out folder")
    groups = dict(old["groups"]) if old else {}
    for code in languages:
        groups[code] = str(group_dir(Path("."), mode, code))
    manifest = {"format": "signbridge-text2pose", "format_version": FORMAT_VERSION, "mode": mode,
                "preset": preset, "groups": dict(sorted(groups.items())), "fps": FPS,
                "layout": f"common {POINTS} points x {DIMS} (8 upper body + 2 x 21 hands), shoulder-normalised",
                "provenance": "generated"}
    Path(out).mkdir(parents=True, exist_ok=True)
    atomic_write_text(Path(out) / MANIFEST, json.dumps(manifest, indent=1))
    return manifest


def generate_arrays(group: Group, texts: list[str], language: str, batch_size: int = 32,
                    max_frames: int | None = None) -> list[np.ndarray]:
    """Autoregressive generation with one group -> one normalised (T, 50, 3) array per text."""
    from signbridge.models.datasets import encode_texts

    model = group.model
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    out: list[np.ndarray] = []
    for start in range(0, len(texts), batch_size):
        chunk = texts[start:start + batch_size]
        tokens, langs = encode_texts(chunk, [language] * len(chunk), group.vocab, group.mark_language)
        poses, lengths = model.generate(tokens.to(device), langs.to(device), max_frames=max_frames)
        for b in range(len(chunk)):
            out.append(poses[b, : int(lengths[b])].reshape(-1, POINTS, DIMS).float().cpu().numpy())
    model.train(was_training)
    return out


class Generator:
    """A loaded text-to-pose checkpoint: `generate(text, language) -> pose_format.Pose`."""

    def __init__(self, directory: Path, mode: str, groups: dict[str, Group], trained: dict[str, dict] | None = None):
        self.directory, self.mode, self.groups = Path(directory), mode, groups
        self.trained = trained or {}  # language -> the group's training config (data, learned_points)

    @property
    def dictionary_languages(self) -> list[str]:
        """Languages whose group learned dictionary signs (the animated DGS lexicon), not only letters."""
        return [code for code, train in self.trained.items() if train.get("data") == "dgs-animated"]

    @property
    def languages(self) -> list[str]:
        return sorted(self.groups)

    @classmethod
    def load(cls, directory, device: str = "cpu") -> "Generator":
        directory = Path(directory)
        manifest = read_manifest(directory)
        if manifest is None:
            raise NotConfiguredError(f"'{directory}' is not a text-to-pose checkpoint (no {MANIFEST}); "
                                     "train one with: signbridge train text2pose --out DIR")
        loaded: dict[str, tuple[Group, dict]] = {}
        groups: dict[str, Group] = {}
        trained: dict[str, dict] = {}
        for code, rel in manifest["groups"].items():
            if rel not in loaded:
                loaded[rel] = load_group(directory / rel, device)
            groups[code], trained[code] = loaded[rel][0], loaded[rel][1].get("train") or {}
        return cls(directory, manifest["mode"], groups, trained)

    def group(self, language: str) -> Group:
        if language not in self.groups:
            raise NotConfiguredError(f"this generator has no '{language}' group (it has: {', '.join(self.languages)}); "
                                       f"train one with: signbridge train text2pose --languages {language} --out {self.directory}")
        return self.groups[language]

    def generate_arrays(self, texts: list[str], language: str, batch_size: int = 32,
                        max_frames: int | None = None) -> list[np.ndarray]:
        """Normalised poses, one (T, 50, 3) float32 array per text."""
        return generate_arrays(self.group(language), texts, language, batch_size, max_frames)

    def generate(self, text: str, language: str):
        """One text -> pose_format.Pose (common layout, 12.5 fps, 512x512 canvas), provenance `generated`."""
        from signbridge.models.posedata import array_to_pose

        if not text or not text.strip():
            raise InputError("nothing to generate: the text is empty")
        group = self.group(language)
        unknown = group.vocab.unknown_chars(text)
        if unknown and len(unknown) == len(set(text.strip())):
            raise InputError(f"the {language} generator knows none of the characters in '{text}'")
        data = self.generate_arrays([text], language)[0]
        conf = np.ones(data.shape[:2], dtype=np.float32)
        learned = self.trained.get(language, {}).get("learned_points")
        if learned is not None and len(learned) == data.shape[1]:  # points it never saw are not drawn
            conf[:, ~np.asarray(learned, dtype=bool)] = 0.0
        return array_to_pose(data, conf)


def load_generator(directory, device: str = "cpu") -> Generator:
    """Load a trained text-to-pose checkpoint directory."""
    return Generator.load(directory, device=device)

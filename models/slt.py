"""Fingerspelling-level sign language translation (RVLF's architecture at CPU scale).

    pose (T, 50, 3) -> skeleton encoder (stage 1: the CTC fingerspelling recogniser, frozen)
                    -> projector -> soft prompt vectors (T/pool, D) in the LM's embedding space
                    -> causal LM (SmolLM2-135M-Instruct) + LoRA adapters (peft) -> text

Soft prompts, not pose tokens: the stage-1 encoder's output is continuous (hidden features plus CTC
letter posteriors); a codebook would quantise away the posteriors' uncertainty and add vocabulary rows
that the adapter format cannot carry (peft saves only LoRA weights; new embedding rows would need the
whole embedding matrix saved). The projector reads both: `letters` maps the letter posteriors to the LM's
own embeddings of those letters (initialised from the LM, so the LM sees a smeared spelling from step 0),
and an MLP over the hidden features (initialised to zero) adds what the posteriors miss.

The prompt is a chat turn: "Read this <language> fingerspelling and write the text:" + sign vectors;
the answer is the text. Outputs are spelled words: this is fingerspelling-level SLT, not sentence SLT.

A trained folder holds `slt.json` (format, base model, languages, stages), `encoder/` (the CTC model),
`projector.safetensors` and `adapters/<stage>/` in peft's format (adapter_config.json names the base
model). A GRPO folder has `adapters/sft` (merged into the base first) and `adapters/grpo`.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from signbridge.knowledge.atomic import atomic_path, atomic_write_text
from signbridge.knowledge.errors import InputError
from signbridge.models.recognizer import FingerspellingRecognizer, load_recognizer_group, pad_frames
from signbridge.models.vocab import SPECIALS, CharVocab, normalize_text

FORMAT = "signbridge-fingerspelling-slt"
PROMPT = "Read this {language} fingerspelling and write the text:\n"
NOTE = "fingerspelling-level SLT: reads spelled words letter by letter, not signed sentences"


class SignProjector(nn.Module):
    """Encoder features (B, T, H) + CTC log-probs (B, T, V) -> soft prompt (B, ceil(T/pool), D)."""

    def __init__(self, hidden: int, vocab_size: int, d_model: int, pool: int):
        super().__init__()
        self.pool = pool
        self.letters = nn.Linear(vocab_size, d_model, bias=False)  # row v = the LM's embedding of letter v
        self.mlp = nn.Sequential(nn.Linear(hidden, 2 * hidden), nn.GELU(), nn.Linear(2 * hidden, d_model))
        nn.init.zeros_(self.mlp[-1].weight)
        nn.init.zeros_(self.mlp[-1].bias)
        # average pooling dilutes a one-frame CTC spike by 1/pool: start by undoing that
        self.scale = nn.Parameter(torch.tensor(float(pool)))

    def forward(self, hidden: torch.Tensor, log_probs: torch.Tensor, lengths: torch.Tensor):
        z = self.letters(log_probs.exp()) + self.mlp(hidden)  # (B, T, D)
        z = nn.functional.avg_pool1d(z.transpose(1, 2), self.pool, self.pool, ceil_mode=True).transpose(1, 2)
        return z * self.scale, (lengths + self.pool - 1) // self.pool  # (B, T', D), (B,)


def init_letter_rows(projector: SignProjector, vocab: CharVocab, tokenizer, embeddings: nn.Embedding) -> None:
    """Row of each character = mean LM embedding of its tokens; specials (incl. the CTC blank) = 0."""
    with torch.no_grad():
        weight = torch.zeros_like(projector.letters.weight)  # (D, V)
        for i, char in enumerate(vocab.chars):
            ids = tokenizer.encode(char, add_special_tokens=False)
            if ids:
                weight[:, i + len(SPECIALS)] = embeddings.weight[ids].mean(0)
        projector.letters.weight.copy_(weight)


def end_token_id(tokenizer) -> int:
    """<|im_end|> for chat models (SmolLM2), else the tokenizer's EOS."""
    tid = tokenizer.convert_tokens_to_ids("<|im_end|>")
    return tid if isinstance(tid, int) and tid != tokenizer.unk_token_id and tid is not None else tokenizer.eos_token_id


@dataclass
class SLTModel:
    encoder: FingerspellingRecognizer  # frozen after stage 1
    vocab: CharVocab
    projector: SignProjector
    lm: object  # peft model (LoRA) around the causal LM
    tokenizer: object
    meta: dict = field(default_factory=dict)  # base model, languages, stages, source

    def __post_init__(self):
        self._prompts: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}
        self.eos = end_token_id(self.tokenizer)

    # ------------------------------------------------------------------ inputs
    @property
    def device(self) -> torch.device:
        return next(self.lm.parameters()).device

    def to(self, device) -> "SLTModel":
        """Everything on one device (a GPU run: `model.to("cuda")`)."""
        self.lm.to(device)
        self.encoder.to(device)
        self.projector.to(device)
        return self

    def embed_tokens(self, ids: torch.Tensor) -> torch.Tensor:
        return self.lm.get_input_embeddings()(ids.to(self.device))

    def _prompt_ids(self, language: str) -> tuple[torch.Tensor, torch.Tensor]:
        if language not in self._prompts:
            from signbridge.knowledge.languages import resolve

            name = resolve(language).name
            prefix = "<|im_start|>user\n" + PROMPT.format(language=name)
            suffix = "<|im_end|>\n<|im_start|>assistant\n"
            enc = lambda s: torch.tensor(self.tokenizer.encode(s, add_special_tokens=False))  # noqa: E731
            self._prompts[language] = (enc(prefix), enc(suffix))
        return self._prompts[language]

    def sign_vectors(self, arrays: list[np.ndarray]) -> list[torch.Tensor]:
        """[(T_i, 50, 3)] -> [(T'_i, D)] soft prompt vectors; the encoder is frozen, the projector is not."""
        frames, lengths = pad_frames(arrays)  # (B, T, 150), (B,)
        frames = frames.to(self.device)
        with torch.no_grad():
            hidden = self.encoder.encode(frames)  # (B, T, H)
            log_probs = self.encoder.out(hidden).log_softmax(-1)  # (B, T, V)
        z, lens = self.projector(hidden, log_probs, lengths)
        return [z[b, : int(lens[b])] for b in range(len(arrays))]

    def prompts(self, arrays: list[np.ndarray], languages: list[str]) -> list[torch.Tensor]:
        """Chat-formatted prompt embeddings [(P_i, D)]: prefix text + sign vectors + assistant turn."""
        out = []
        for vectors, language in zip(self.sign_vectors(arrays), languages):
            prefix, suffix = self._prompt_ids(language)
            out.append(torch.cat([self.embed_tokens(prefix), vectors, self.embed_tokens(suffix)]))
        return out

    def target_ids(self, text: str) -> torch.Tensor:
        return torch.tensor(self.tokenizer.encode(normalize_text(text), add_special_tokens=False) + [self.eos])

    # ------------------------------------------------------------------ forward passes
    def sft_loss(self, arrays: list[np.ndarray], languages: list[str], texts: list[str]) -> torch.Tensor:
        """Cross-entropy of the text tokens given the prompt (prompt positions are not scored)."""
        prompts = self.prompts(arrays, languages)
        targets = [self.target_ids(t) for t in texts]
        seqs = [torch.cat([p, self.embed_tokens(t)]) for p, t in zip(prompts, targets)]
        embeds, mask = pad_embeddings(seqs, left=False)  # (B, L, D), (B, L)
        labels = torch.full(mask.shape, -100, dtype=torch.long)
        for b, (p, t) in enumerate(zip(prompts, targets)):
            labels[b, len(p): len(p) + len(t)] = t
        labels = labels.to(embeds.device)
        return self.lm(inputs_embeds=embeds, attention_mask=mask, position_ids=positions(mask), labels=labels).loss

    @torch.no_grad()
    def generate(self, arrays: list[np.ndarray], languages: list[str], sample: bool = False, group: int = 1,
                 temperature: float = 1.0, max_new_tokens: int = 24) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """-> (prompt embeds (B*group, P, D) left-padded, prompt mask, completion ids (B*group, C))."""
        prompts = [p.detach() for p in self.prompts(arrays, languages) for _ in range(group)]
        embeds, mask = pad_embeddings(prompts, left=True)
        kwargs = dict(do_sample=True, temperature=temperature, top_k=0, top_p=1.0) if sample else dict(do_sample=False)
        ids = self.lm.generate(inputs_embeds=embeds, attention_mask=mask, max_new_tokens=max_new_tokens,
                               eos_token_id=self.eos, pad_token_id=self.tokenizer.pad_token_id, **kwargs)
        return embeds, mask, ids

    def decode(self, ids: torch.Tensor) -> list[str]:
        return [normalize_text(self.tokenizer.decode(row, skip_special_tokens=True)) for row in completion_rows(ids, self.eos)]

    def translate(self, arrays: list[np.ndarray], languages: list[str], max_new_tokens: int = 24) -> list[str]:
        """Greedy decoding, batched."""
        self.lm.eval()
        out = []
        for start in range(0, len(arrays), 16):
            _, _, ids = self.generate(arrays[start:start + 16], languages[start:start + 16], max_new_tokens=max_new_tokens)
            out += self.decode(ids)
        return out

    def completion_logps(self, prompt_embeds, prompt_mask, ids, completion_mask) -> torch.Tensor:
        """Per-token log-probabilities (B, C) of completion `ids` after the prompts."""
        from trl.trainer.utils import selective_log_softmax

        embeds = torch.cat([prompt_embeds, self.embed_tokens(ids)], dim=1)  # (B, P+C, D)
        mask = torch.cat([prompt_mask, completion_mask], dim=1)
        logits = self.lm(inputs_embeds=embeds, attention_mask=mask, position_ids=positions(mask)).logits
        P = prompt_embeds.shape[1]
        return selective_log_softmax(logits[:, P - 1: -1], ids)  # logits at t predict token t+1


def positions(mask: torch.Tensor) -> torch.Tensor:
    """Position ids that skip left padding: (B, L)."""
    return (mask.long().cumsum(-1) - 1).clamp(min=0)


def pad_embeddings(seqs: list[torch.Tensor], left: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """[(L_i, D)] -> (B, L, D) zero-padded on the left (generation) or right (training), mask (B, L)."""
    L, D = max(s.shape[0] for s in seqs), seqs[0].shape[1]
    embeds = seqs[0].new_zeros(len(seqs), L, D)
    mask = torch.zeros(len(seqs), L, dtype=torch.long)
    for b, s in enumerate(seqs):
        sl = slice(L - len(s), L) if left else slice(0, len(s))
        embeds[b, sl], mask[b, sl] = s, 1
    return embeds, mask.to(embeds.device)


def completion_rows(ids: torch.Tensor, eos: int) -> list[torch.Tensor]:
    """Each generated row up to (not including) its first end token."""
    rows = []
    for row in ids:
        hit = (row == eos).nonzero()
        rows.append(row[: int(hit[0])] if len(hit) else row)
    return rows


def completion_mask(ids: torch.Tensor, eos: int) -> torch.Tensor:
    """1 up to and including the first end token: (B, C)."""
    is_eos = ids == eos
    after = (is_eos.long().cumsum(-1) - is_eos.long()) > 0  # strictly after the first eos
    return (~after).long()


# ---------------------------------------------------------------------- building, saving, loading
def new_lora(lm, r: int, alpha: int, dropout: float, targets: list[str]):
    from peft import LoraConfig, get_peft_model

    return get_peft_model(lm, LoraConfig(r=r, lora_alpha=alpha, lora_dropout=dropout, target_modules=list(targets),
                                         task_type="CAUSAL_LM"))


def save_adapter(lm, folder: Path, base_model: str) -> None:
    """peft's format (adapter_config.json + adapter_model.safetensors), written to a temp folder and swapped in."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        lm.save_pretrained(str(tmp))
        config_path = tmp / "adapter_config.json"
        config = json.loads(config_path.read_text(encoding="utf-8"))
        config["base_model_name_or_path"] = base_model  # the loader spec (smollm2), not a cache path
        config_path.write_text(json.dumps(config, indent=1), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def save_projector(projector: SignProjector, path: Path) -> None:
    from safetensors.torch import save_file

    with atomic_path(path) as tmp:
        save_file({k: v.detach().cpu().contiguous() for k, v in projector.state_dict().items()}, str(tmp),
                  metadata={"format": FORMAT})


def write_meta(folder: Path, meta: dict) -> None:
    atomic_write_text(folder / "slt.json", json.dumps(meta, indent=1, ensure_ascii=False))


def read_meta(folder: Path) -> dict:
    from signbridge.models.checkpoints import read_model_meta

    return read_model_meta(folder, "slt.json", FORMAT, "signbridge train slt --preset tiny --languages ase --out DIR")


def load_slt(folder: Path, models_dir: Path, lm_bundle=None) -> SLTModel:
    """A trained SLT folder -> SLTModel in eval mode (SFT adapter, or SFT merged + GRPO adapter)."""
    from peft import PeftModel
    from safetensors.torch import load_file

    from signbridge.models.language_model import load_causal_lm

    folder = Path(folder)
    meta = read_meta(folder)
    lm, tokenizer, _ = lm_bundle or load_causal_lm(meta["base_model"], models_dir)
    group = load_recognizer_group(folder / "encoder")
    stages = meta.get("stages", ["sft"])
    try:
        lm = PeftModel.from_pretrained(lm, str(folder / "adapters" / stages[0]))
        for stage in stages[1:]:  # RVLF: merge the previous stage's LoRA, then a new one on top
            lm = PeftModel.from_pretrained(lm.merge_and_unload(), str(folder / "adapters" / stage))
        c = meta["projector"]
        projector = SignProjector(c["hidden"], c["vocab_size"], c["d_model"], c["pool"])
        projector.load_state_dict(load_file(str(folder / "projector.safetensors")))
    except (OSError, ValueError, RuntimeError, KeyError) as error:
        first = (str(error).strip().splitlines() or [type(error).__name__])[0][:160]
        raise InputError(f"SLT model '{folder}' cannot be loaded ({first}); retrain it with `signbridge train slt`") from error
    for p in group.model.parameters():
        p.requires_grad_(False)
    model = SLTModel(group.model.eval(), group.vocab, projector.eval(), lm.eval(), tokenizer, meta)
    return model.to("cuda") if torch.cuda.is_available() else model


def translate_pose(folder: Path, pose, language: str, models_dir: Path) -> tuple[str, dict]:
    """One .pose -> (text, provenance) with a trained SLT folder."""
    from signbridge.models.posedata import pose_to_array

    meta = read_meta(folder)
    if language not in meta.get("languages", []):
        raise InputError(f"the SLT model in '{folder}' was trained for {', '.join(meta.get('languages', []))}, "
                         f"not '{language}'")
    model = load_slt(folder, models_dir)
    text = model.translate([pose_to_array(pose).data], [language])[0]
    provenance = {"model": str(folder), "base_model": meta.get("base_model_source", meta["base_model"]),
                  "stages": meta.get("stages"), "adapters": "LoRA (peft)", "note": NOTE,
                  "data": meta.get("data", "")}
    return text, provenance

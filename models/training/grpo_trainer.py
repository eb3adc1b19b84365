"""RVLF stage 3: GRPO on a trained fingerspelling-level SLT model.

As in RVLF, the SFT LoRA is merged into the base model and a NEW LoRA adapter is trained; the reference
policy for the KL term is that merged SFT model (the new adapter switched off). For each of
`prompts_per_step` sign sequences, `group_size` texts are sampled; each gets the reward

    (1 - cer_weight) * [lambda * BLEU-4 + (1 - lambda) * ROUGE-L]  +  cer_weight * (1 - CER)

(`bleu_rouge_reward` and `cer_reward` from the shared metrics, the same functions the benchmark scores
with). Advantages are the group-normalised rewards (RVLF eq. 16); the loss is trl's "grpo" loss: clipped
ratio times advantage per token, minus beta * KL (k3 estimator), averaged per sequence then per batch.

trl's GRPOTrainer is not used as a whole: it builds prompts from text (or images) with a tokenizer or
processor and calls `generate(input_ids=...)`, while our prompt is pose vectors projected into the embedding
space (`inputs_embeds`). We keep trl's objective and its `selective_log_softmax` and do generation and
batching ourselves (~60 lines).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch

from signbridge.knowledge.errors import InputError
from signbridge.models.training.recognizer_trainer import optimizer_step
from signbridge.models.training.slt_config import GRPOConfig, SLTConfig

STATE = "grpo_state.pt"


def reward(completions: list[str], references: list[str], config: GRPOConfig) -> list[float]:
    """The stage-3 reward per completion (see the module docstring); 0..1.

    >>> reward(["haus", "maus"], ["haus", "haus"], GRPOConfig(bleu_weight=0.5, cer_weight=0.5))
    [1.0, 0.375]
    """
    from signbridge.models.metrics import bleu_rouge_reward, cer_reward

    sentence = bleu_rouge_reward(completions, references=references, weight=config.bleu_weight)
    letters = cer_reward(completions, references=references)
    return [round((1 - config.cer_weight) * s + config.cer_weight * c, 6) for s, c in zip(sentence, letters)]


def grpo_loss(logps, old_logps, ref_logps, advantages, mask, config: GRPOConfig) -> tuple[torch.Tensor, float]:
    """trl's 'grpo' loss. logps/old/ref/mask (B, C), advantages (B,) -> (loss, mean KL)."""
    ratio = torch.exp(logps - old_logps)
    clipped = torch.clamp(ratio, 1 - config.clip_epsilon, 1 + config.clip_epsilon)
    adv = advantages.unsqueeze(1)
    per_token = -torch.min(ratio * adv, clipped * adv)
    kl = torch.exp(ref_logps - logps) - (ref_logps - logps) - 1  # k3: unbiased, always >= 0
    per_token = per_token + config.kl_coef * kl
    m = mask.float()
    loss = ((per_token * m).sum(1) / m.sum(1).clamp(min=1)).mean()
    return loss, float(((kl * m).sum() / m.sum().clamp(min=1)).detach())


@dataclass
class GRPOResult:
    checkpoint: str
    init: str
    steps: int
    train_reward: tuple[float, float]  # first and last 10-step means of the sampled reward
    dev_reward_before: float
    dev_reward_after: float
    dev_before: dict = field(default_factory=dict)
    dev_after: dict = field(default_factory=dict)
    train_seconds: float = 0.0

    def to_json(self) -> dict:
        return asdict(self)


class GRPOTrainer:
    def __init__(self, config: GRPOConfig, settings, init: Path, out: Path, resume: bool = False,
                 progress: bool = True, lm_bundle=None):
        self.config, self.settings, self.init, self.out = config, settings, Path(init), Path(out)
        self.resume, self.progress, self.lm_bundle = resume, progress, lm_bundle

    def train(self) -> GRPOResult:
        from signbridge.models.slt import completion_mask, load_slt, new_lora, read_meta
        from signbridge.models.training.slt_trainer import load_data, set_threads

        c = self.config
        meta = read_meta(self.init)
        if meta.get("stages") != ["sft"] or not meta.get("complete"):
            raise InputError(f"'{self.init}' is not a finished SFT model (train it with `signbridge train slt`)")
        if self.out.resolve() == self.init.resolve():
            raise InputError("--out must differ from --init (the SFT model stays as it is)")
        set_threads(c.cpu_threads)
        started = time.perf_counter()
        slt_config = SLTConfig.from_json(meta["config"])
        train = load_data(slt_config, self.settings, "train", self.progress)
        dev = self._dev(slt_config)
        model = load_slt(self.init, self.settings.models_dir, self.lm_bundle)
        torch.manual_seed(c.seed)
        model.lm = new_lora(model.lm.merge_and_unload(), c.lora_r, c.lora_alpha, 0.0, slt_config.lora_targets)
        model.lm.eval()  # no dropout: sampling and scoring must see the same policy
        for p in model.projector.parameters():
            p.requires_grad_(False)
        params = [p for p in model.lm.parameters() if p.requires_grad]
        optimizer = torch.optim.AdamW(params, lr=c.lr, weight_decay=0.0)
        rng = np.random.default_rng(c.seed)
        step, rewards = 0, []
        before = self._evaluate(model, dev, slt_config)
        if self.resume and (self.out / STATE).is_file():
            step, rewards, before = self._restore(model, optimizer, rng)
        from signbridge.models.fsbench import _progress

        with _progress(self.progress, "SLT stage 3: GRPO", c.steps) as advance:
            for _ in range(step):
                advance()
            while step < c.steps:
                idx = rng.choice(len(train), size=min(c.prompts_per_step, len(train)), replace=False)
                arrays = [train[i].data for i in idx]
                refs = [train[i].text for i in idx for _ in range(c.group_size)]
                prompt, prompt_mask, ids = model.generate(arrays, [train[i].language for i in idx], sample=True,
                                                          group=c.group_size, temperature=c.temperature,
                                                          max_new_tokens=c.max_new_tokens)
                r = torch.tensor(reward(model.decode(ids), refs, c), device=ids.device)  # (B*G,)
                grouped = r.view(-1, c.group_size)
                advantages = ((grouped - grouped.mean(1, keepdim=True)) / (grouped.std(1, keepdim=True) + 1e-4)).view(-1)
                mask = completion_mask(ids, model.eos)
                with torch.no_grad():
                    with model.lm.disable_adapter():
                        ref_logps = model.completion_logps(prompt, prompt_mask, ids, mask)
                    old_logps = model.completion_logps(prompt, prompt_mask, ids, mask) if c.updates_per_batch > 1 else None
                for _ in range(c.updates_per_batch):
                    logps = model.completion_logps(prompt, prompt_mask, ids, mask)
                    loss, kl = grpo_loss(logps, logps.detach() if old_logps is None else old_logps, ref_logps,
                                         advantages, mask, c)
                    optimizer_step(loss, params, optimizer, None)
                rewards.append(float(r.mean()))
                step += 1
                advance()
                if c.save_every and step % c.save_every == 0 and step < c.steps:
                    self._save(model, meta, optimizer, rng, step, rewards, before, complete=False)
        after = self._evaluate(model, dev, slt_config)
        ends = (float(np.mean(rewards[:10])), float(np.mean(rewards[-10:]))) if rewards else (float("nan"),) * 2
        result = GRPOResult(str(self.out), str(self.init), step, ends, before.get("grpo_reward", float("nan")),
                            after.get("grpo_reward", float("nan")), before, after, round(time.perf_counter() - started, 1))
        self._save(model, meta, optimizer, rng, step, rewards, before, complete=True, result=result)
        return result

    def _dev(self, slt_config: SLTConfig):
        from signbridge.models.slt_data import balanced
        from signbridge.models.training.slt_trainer import load_data

        dev = load_data(slt_config, self.settings, "dev", self.progress)
        return [s for code in slt_config.languages
                for s in balanced([s for s in dev if s.language == code], self.config.eval_samples)]

    def _evaluate(self, model, dev, slt_config: SLTConfig) -> dict:
        """Greedy translations of the dev samples: the shared scores plus the stage-3 reward."""
        from signbridge.models.training.slt_trainer import score

        if not dev:
            return {}
        hyps = model.translate([s.data for s in dev], [s.language for s in dev], slt_config.max_new_tokens)
        refs = [s.text for s in dev]
        return {**score(hyps, refs), "grpo_reward": round(float(np.mean(reward(hyps, refs, self.config))), 4)}

    def _save(self, model, meta, optimizer, rng, step, rewards, before, complete: bool, result=None) -> None:
        from signbridge.knowledge.atomic import atomic_path
        from signbridge.models.slt import save_adapter, write_meta

        self.out.mkdir(parents=True, exist_ok=True)
        for name in ("encoder", "adapters/sft"):  # the SFT parts this model stands on, copied unchanged
            if not (self.out / name).is_dir():
                shutil.copytree(self.init / name, self.out / name)
        shutil.copy2(self.init / "projector.safetensors", self.out / "projector.safetensors")
        save_adapter(model.lm, self.out / "adapters" / "grpo", meta["base_model"] + " + adapters/sft (merged)")
        with atomic_path(self.out / STATE) as tmp:
            torch.save({"step": step, "rewards": rewards, "before": before, "optimizer": optimizer.state_dict(),
                        "rng": rng.bit_generator.state, "torch_rng": torch.get_rng_state()}, tmp)
        new_meta = {**meta, "stages": ["sft", "grpo"], "complete": complete, "grpo": self.config.to_json(),
                    "init": str(self.init)}
        if result is not None:
            new_meta["dev_grpo"] = {"before": result.dev_before, "after": result.dev_after}
        write_meta(self.out, new_meta)

    def _restore(self, model, optimizer, rng):
        from peft import set_peft_model_state_dict
        from safetensors.torch import load_file

        state = torch.load(self.out / STATE, weights_only=False)
        set_peft_model_state_dict(model.lm, load_file(str(self.out / "adapters" / "grpo" / "adapter_model.safetensors")))
        optimizer.load_state_dict(state["optimizer"])
        rng.bit_generator.state = state["rng"]
        torch.set_rng_state(state["torch_rng"])
        return int(state["step"]), list(state["rewards"]), dict(state["before"])

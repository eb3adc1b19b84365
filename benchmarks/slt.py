"""Fingerspelling-level SLT on FS-Bench: CTC recogniser vs LoRA-SFT vs SFT+GRPO, same split and budget.

    nice -n 10 python benchmarks/slt.py --languages ase,gsg --out runs/bench-slt

Per seed: stage 1 (CTC encoder) + stage 2 (LoRA SFT of SmolLM2-135M-Instruct) with `SLTTrainer`, then
stage 3 (GRPO) from that SFT model. All three read the same encoder; all three are scored on the same
FS-Bench TEST samples (words and phrases of held-out words, balanced per language) with the shared
metrics: CER, BLEU-4 (corpus, 13a), ROUGE-L, exact match, and the GRPO reward. The GRPO line also
reports the DEV reward before and after stage 3 (did GRPO move the reward?).

Data: FS-Bench (compositions of real spoken-to-signed letter clips, one signer per alphabet), words
split by hash; phrases are 2-3 held-out words joined with pauses. This is fingerspelling-level SLT.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def _rows(name: str, scores: dict) -> str:
    return (f"| {name} | {scores['cer']:.3f} | {scores['bleu4']:.1f} | {scores['rouge_l']:.1f} | "
            f"{scores['exact']:.2f} | {scores['reward']:.3f} |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="ase,gsg")
    parser.add_argument("--out", type=Path, default=Path("runs/bench-slt"))
    parser.add_argument("--seeds", type=int, default=1, help="independent runs (seed 0..n-1)")
    parser.add_argument("--words", type=int, default=600, help="FS-Bench words per language")
    parser.add_argument("--phrases", type=int, default=200, help="training phrases per language")
    parser.add_argument("--encoder-steps", type=int, default=400)
    parser.add_argument("--sft-steps", type=int, default=100)
    parser.add_argument("--grpo-steps", type=int, default=20)
    parser.add_argument("--test", type=int, default=30, help="test samples per language (half words, half phrases)")
    parser.add_argument("--eval", type=int, default=20, help="dev samples per language for the in-training scores")
    args = parser.parse_args(argv)

    from signbridge.knowledge.settings import Settings
    from signbridge.models.recognizer import load_recognizer_group
    from signbridge.models.slt import load_slt
    from signbridge.models.slt_data import balanced
    from signbridge.models.training.grpo_trainer import GRPOTrainer
    from signbridge.models.training.slt_config import GRPOConfig, SLTConfig
    from signbridge.models.training.slt_trainer import load_data, score

    settings = Settings.from_env()
    languages = [c.strip() for c in args.languages.split(",") if c.strip()]
    results = []
    for seed in range(args.seeds):
        started = time.perf_counter()
        cfg = SLTConfig(languages=languages, words_per_language=args.words, phrases_per_split=args.phrases,
                        encoder_steps=args.encoder_steps, sft_steps=args.sft_steps, eval_samples=args.eval, seed=seed)
        sft_dir, grpo_dir = args.out / f"seed{seed}" / "sft", args.out / f"seed{seed}" / "grpo"
        from signbridge.models.training.slt_trainer import SLTTrainer

        sft = SLTTrainer(cfg, settings, sft_dir, progress=True).train()
        grpo = GRPOTrainer(GRPOConfig(steps=args.grpo_steps, eval_samples=args.eval, seed=seed), settings, sft_dir,
                           grpo_dir, progress=True).train()
        test_all = load_data(cfg, settings, "test", progress=False)
        test = [s for code in languages for s in balanced([s for s in test_all if s.language == code], args.test)]
        refs = [s.text for s in test]
        hyps = {"CTC recogniser (stage 1)": load_recognizer_group(sft_dir / "encoder").recognize([s.data for s in test])}
        for name, folder in (("LoRA-SFT (stage 2)", sft_dir), ("SFT+GRPO (stage 3)", grpo_dir)):
            model = load_slt(folder, settings.models_dir)
            hyps[name] = model.translate([s.data for s in test], [s.language for s in test], cfg.max_new_tokens)
            del model
        scores = {name: score(h, refs) for name, h in hyps.items()}
        levels = {name: {level: score([x for x, s in zip(h, test) if (" " in s.text) == multi],
                                      [s.text for s in test if (" " in s.text) == multi])
                         for level, multi in (("words", False), ("phrases", True))} for name, h in hyps.items()}
        every = max(1, len(refs) // 8)  # 8 examples spread over the test set, each reference with its own outputs
        examples = [{"reference": refs[i], **{name: h[i] for name, h in hyps.items()}} for i in range(0, len(refs), every)]
        results.append({"seed": seed, "test": scores, "levels": levels, "examples": examples,
                        "sft_train": sft.to_json(), "grpo_train": grpo.to_json(),
                        "seconds": round(time.perf_counter() - started, 1)})
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")

    print(f"Fingerspelling-level SLT, FS-Bench test ({', '.join(languages)}; {args.test} samples per language, "
          f"half words, half phrases), {args.seeds} seed(s); budget: encoder {args.encoder_steps} steps, "
          f"SFT {args.sft_steps} steps, GRPO {args.grpo_steps} steps")
    print("\n| model | CER | BLEU-4 | ROUGE-L | exact | reward |\n| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in results[0]["test"]:
        for r in results:
            print(_rows(name + (f" (seed {r['seed']})" if len(results) > 1 else ""), r["test"][name]))
    print("\nBy level (CER / exact):")
    for name in results[0]["levels"]:
        parts = [f"{lvl} {v['cer']:.3f} / {v['exact']:.2f}" for lvl, v in results[0]["levels"][name].items() if v]
        print(f"- {name}: " + "; ".join(parts))
    for r in results:
        g = r["grpo_train"]
        print(f"\nGRPO (seed {r['seed']}): dev reward {g['dev_reward_before']:.4f} -> {g['dev_reward_after']:.4f} "
              f"(greedy, {len(languages) * args.eval} dev samples); sampled train reward "
              f"{g['train_reward'][0]:.3f} -> {g['train_reward'][1]:.3f}; {r['seconds']:.0f} s for all stages")
    print("\nExamples (reference -> " + " / ".join(results[0]["test"]) + "):")
    for example in results[0]["examples"]:
        print(f"- {example['reference']!r} -> " + " / ".join(repr(example[name]) for name in results[0]["test"]))
    print(f"\nresults: {args.out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

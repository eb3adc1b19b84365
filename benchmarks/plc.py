"""python benchmarks/plc.py --languages ase --steps 1500 --eval-every 50

MSE vs SignLLM's RL loss (+ Priority Learning Channel) on FS-Bench, same seed, data and budget.

Each setting trains a tiny MLSF group for `--steps` optimizer steps and measures dev DTW-MJE
every `--eval-every` steps (evaluation time is not counted as training time). The target DTW is
`--target`, or by default the loosest best-DTW of the runs (the largest of their minima), so every
run reaches it. For each run it prints the training seconds and steps needed to first reach the
target, and their ratio to the MSE baseline measured in the same invocation. SignLLM reports
27.1 % less training time for RL loss + PLC; this prints what happens here, whatever it is.
Wall-clock seconds on a shared CPU are noisy; steps-to-target are deterministic for a seed.

FS-Bench is cached in the data directory ($SIGNBRIDGE_HOME); checkpoints go to a temporary folder.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

RUNS = {
    "mse": dict(loss="mse", plc=False),
    "rl": dict(loss="rl", plc=False),
    "rl+plc": dict(loss="rl", plc=True),
}


def first_reach(evals: list[dict], target: float) -> tuple[float | None, int | None]:
    for e in evals:
        if e["dtw"] <= target:
            return e["train_seconds"], e["step"]
    return None, None


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[2])
    parser.add_argument("--languages", default="ase")
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--eval-every", type=int, default=50)
    parser.add_argument("--eval-words", type=int, default=24)
    parser.add_argument("--target", type=float, default=None, help="dev DTW to reach (default: auto)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plc-eta", type=float, default=1.0)
    parser.add_argument("--plc-transform", default="error", choices=["error", "reward"])
    parser.add_argument("--runs", default="mse,rl,rl+plc", help="comma-separated subset of " + ",".join(RUNS))
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)

    import torch

    from signbridge.knowledge.settings import Settings
    from signbridge.models.training.text2pose_config import Text2PoseConfig
    from signbridge.models.training.text2pose_trainer import Text2PoseTrainer

    torch.set_num_threads(1)
    settings = Settings.from_env()
    languages = [c.strip() for c in args.languages.split(",") if c.strip()]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.runs.split(","):
            cfg = Text2PoseConfig(languages=languages, steps=args.steps, eval_every=args.eval_every,
                                  eval_words=args.eval_words, seed=args.seed, save_every=0,
                                  plc_eta=args.plc_eta, plc_transform=args.plc_transform, **RUNS[name])
            started = time.perf_counter()
            result = Text2PoseTrainer(cfg, settings, Path(tmp) / name.replace("+", "_"), progress=True).train()
            evals = {}  # step -> (train seconds summed over groups, mean DTW over groups)
            for group in result.groups.values():
                for e in group.evals:
                    seconds, dtws = evals.get(e["step"], (0.0, []))
                    evals[e["step"]] = (seconds + e["train_seconds"], dtws + [e["dtw"]])
            curve = [{"step": s, "train_seconds": v[0], "dtw": sum(v[1]) / len(v[1])} for s, v in sorted(evals.items())]
            results[name] = {"curve": curve, "best_dtw": min(e["dtw"] for e in curve),
                             "final_dtw": curve[-1]["dtw"], "train_seconds": curve[-1]["train_seconds"],
                             "wall_seconds": round(time.perf_counter() - started, 1)}
            print(f"{name}: best dev DTW {results[name]['best_dtw']:.4f}, final {results[name]['final_dtw']:.4f}, "
                  f"{results[name]['train_seconds']:.1f} s training", file=sys.stderr)

    target = args.target if args.target is not None else max(r["best_dtw"] for r in results.values())
    base = results.get("mse")
    base_seconds, base_steps = first_reach(base["curve"], target) if base else (None, None)
    for r in results.values():
        r["seconds_to_target"], r["steps_to_target"] = first_reach(r["curve"], target)
        r["time_ratio_vs_mse"] = (r["seconds_to_target"] / base_seconds
                                  if r["seconds_to_target"] is not None and base_seconds else None)
        r["step_ratio_vs_mse"] = (r["steps_to_target"] / base_steps
                                  if r["steps_to_target"] is not None and base_steps else None)
    summary = {"languages": languages, "steps": args.steps, "eval_every": args.eval_every, "seed": args.seed,
               "target_dtw": target, "runs": results}
    if args.json:
        print(json.dumps(summary, indent=1))
        return summary
    print(f"target dev DTW {target:.4f} (languages {','.join(languages)}, {args.steps} steps, seed {args.seed})")
    print(f"{'run':8} {'best DTW':>9} {'final DTW':>9} {'s to target':>12} {'steps':>6} {'time ratio':>10} {'step ratio':>10}")
    for name, r in results.items():
        fmt = lambda v, spec: format(v, spec) if v is not None else "never"  # noqa: E731
        print(f"{name:8} {r['best_dtw']:9.4f} {r['final_dtw']:9.4f} {fmt(r['seconds_to_target'], '12.1f')} "
              f"{fmt(r['steps_to_target'], '6d')} {fmt(r['time_ratio_vs_mse'], '10.2f')} {fmt(r['step_ratio_vs_mse'], '10.2f')}")
    print("ratio < 1: reached the target faster than MSE (SignLLM claims 0.729 for RL loss + PLC)")
    return summary


if __name__ == "__main__":
    main()

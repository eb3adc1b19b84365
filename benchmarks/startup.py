"""python benchmarks/startup.py [--runs 5]

Cold start of `signbridge --help` and `signbridge languages --json` (process start included),
against two baselines measured in the same run: a bare `python -c pass`, and spoken-to-signed's
own CLI `--help` (the closest working system). Prints medians and ratios.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    py = sys.executable
    cases = {
        "python -c pass": [py, "-c", "pass"],
        "spoken-to-signed --help": [py, "-m", "spoken_to_signed.bin", "--help"],
        "signbridge --help": [py, "-m", "signbridge.agents.cli", "--help"],
        "signbridge languages --json": [py, "-m", "signbridge.agents.cli", "languages", "--json"],
    }
    results = {name: median_seconds(cmd, args.runs) for name, cmd in cases.items()}
    base = results["spoken-to-signed --help"]
    print(f"{'command':32} {'median s':>9} {'vs spoken-to-signed --help':>27}")
    for name, seconds in results.items():
        print(f"{name:32} {seconds:9.3f} {seconds / base:26.2f}x")


if __name__ == "__main__":
    main()

"""Dependencies point one way: knowledge <- models <- tools <- agents, evals on top.

Only the CLI wiring (agents/cli/) imports across all of them; models may import the leaf
`signbridge.evals.metrics` so that eval metrics and training rewards share one definition.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORDER = {"knowledge": 0, "models": 1, "tools": 2, "agents": 3, "evals": 4}
LEAVES = {"signbridge.evals.metrics"}


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def test_imports_point_one_way():
    violations = []
    for package, rank in ORDER.items():
        for path in (ROOT / package).rglob("*.py"):
            if path.relative_to(ROOT).parts[:2] == ("agents", "cli"):
                continue
            for line, module in imported_modules(path):
                parts = module.split(".")
                top = parts[1] if parts[0] == "signbridge" and len(parts) > 1 else None
                if top in ORDER and ORDER[top] > rank and module not in LEAVES:
                    violations.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert not violations, "\n".join(violations)


def test_evals_metrics_is_a_leaf():
    ours = [m for _, m in imported_modules(ROOT / "evals" / "metrics.py") if m.startswith("signbridge.")]
    assert ours == []


def test_no_bare_top_level_imports():
    """Every first-party import goes through the one import root, `signbridge.*`."""
    bare = []
    for package in ORDER:
        for path in [*(ROOT / package).rglob("*.py"), *(ROOT / "tests").rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")]:
            for line, module in imported_modules(path):
                if module.split(".")[0] in ORDER:
                    bare.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert not bare, "\n".join(sorted(set(bare)))

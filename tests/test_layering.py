"""The import graph of `signbridge.*`: layers point one way, no circles, no hidden first-party imports.

Layers: knowledge <- models <- tools <- agents, evals on top; only the CLI wiring (agents/cli/) imports
across all of them. Every import counts, also those inside functions (they are how heavy or optional
code is loaded lazily, and they are still dependencies). There are no exemptions.
"""

import ast
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORDER = {"knowledge": 0, "models": 1, "tools": 2, "agents": 3, "evals": 4}
IMPORTERS = {"import_module", "find_spec", "__import__", "require", "spec_from_file_location"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["signbridge", *parts])


MODULES = {module_name(p): p for package in ORDER for p in (ROOT / package).rglob("*.py")}


@lru_cache(maxsize=None)
def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def nodes(path: Path) -> list[ast.AST]:
    return list(ast.walk(parse(path)))


def imported_modules(path: Path, package: str = ""):
    """(line, absolute module name) for every import statement in the file, at any depth."""
    for node in nodes(path):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES]
            if len(submodules) < len(node.names):  # names defined in `base` itself
                yield node.lineno, base
            for module in submodules:  # `from signbridge.models import metrics` imports a module, not the package
                yield node.lineno, module


def first_party_edges(name: str, path: Path):
    """(line, target) for the signbridge modules `name` imports (a name inside a module -> that module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for line, module in imported_modules(path, package):
        target = module
        while target and target not in MODULES:
            target = target.rpartition(".")[0]
        if target and target != name and target.startswith("signbridge."):
            yield line, target


def layer(name: str) -> str:
    return name.split(".")[1]


def test_imports_point_one_way():
    violations = []
    for name, path in MODULES.items():
        if name.startswith("signbridge.agents.cli"):
            continue
        for line, target in first_party_edges(name, path):
            if ORDER[layer(target)] > ORDER[layer(name)] or target.startswith("signbridge.agents.cli"):
                violations.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not violations, "\n".join(violations)


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, cycles, counter = {}, {}, set(), [], [], [0]
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def test_find_cycles_sees_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert find_cycles(graph) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    """No two signbridge modules import each other, directly or through others, at any depth."""
    graph = {name: {t for _, t in first_party_edges(name, path)} for name, path in MODULES.items()}
    cycles = find_cycles(graph)
    assert not cycles, "\n".join(" <-> ".join(c) for c in cycles)


def _first_party(text: str) -> bool:
    return text.split(".")[0] in ("signbridge", *ORDER)


def test_no_importlib_for_first_party_modules():
    """Our own modules are imported with import statements, never by name through importlib (no tool can follow those)."""
    hidden = []
    for path in [*MODULES.values(), *(ROOT / "tests").rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")]:
        for node in nodes(path):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if func not in IMPORTERS:
                continue
            arg = node.args[0]
            if isinstance(arg, ast.JoinedStr):  # an f-string: the module is decided at run time
                head = arg.values[0].value if arg.values and isinstance(arg.values[0], ast.Constant) else ""
                name = str(head) or "signbridge"
            elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                name = arg.value
            else:
                continue
            if _first_party(name):
                hidden.append(f"{path.relative_to(ROOT)}:{node.lineno} {func}({name!r})")
    assert not hidden, "\n".join(hidden)


def test_no_bare_top_level_imports():
    """Every first-party import goes through the one import root, `signbridge.*`."""
    bare = []
    for path in [*MODULES.values(), *(ROOT / "tests").rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")]:
        for line, module in imported_modules(path):
            if module.split(".")[0] in ORDER:
                bare.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert not bare, "\n".join(sorted(set(bare)))

"""The architecture, enforced: every import of a descend module goes down the layers of
README's Layout section, no import cycle (not even through imports inside functions or under
``TYPE_CHECKING``), no function-level import of a descend module, and no import of another
package's underscored module or of any module's underscored name.

The checks read the source with ``ast``: nothing is imported, so a broken module cannot hide
an import behind its failure.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "descend"

# Lowest first; a module may import from its own layer (without cycles) and the ones below.
# A name stands for that module and everything under it.
LAYERS = [
    (
        "shared helpers",
        [
            "descend._names",
            "descend._checks",
            "descend._plural",
            "descend._autograd_engine",
            "descend._version",
            "descend._device",
            "descend._wrappers",
        ],
    ),
    ("update rules, schedules, test functions", ["descend.optim", "descend.schedules", "descend.functions"]),
    ("training engine and its record", ["descend.training"]),
    ("instruments: sampled measurements of a run", ["descend.instruments"]),
    (
        "analysis and train()",
        [
            "descend.doctor",
            "descend.lr_find",
            "descend.initial_curvature",
            "descend.minimize",
            "descend.train",
            "descend._train_arguments",
            "descend._train_record",
        ],
    ),
    (
        "applications",
        [
            "descend.estimators",
            "descend.plots",
            "descend.landscape",
            "descend.report",
            "descend.watch",
            "descend.integrations",
            "descend.examples",
            "descend.tune",
        ],
    ),
    ("command line", ["descend.cli", "descend._demo", "descend.__main__"]),
    ("the package", ["descend"]),
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def layer_of(name: str) -> int:
    best = None
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and (best is None or len(prefix) > best[1]):
                best = (i, len(prefix))
    if best is None:
        raise AssertionError(f"{name} is in no layer: add it to LAYERS (and to README's Layout)")
    return best[0]


class _Import:
    def __init__(self, target: str, names: list[str], line: int, in_function: bool) -> None:
        self.target, self.names, self.line, self.in_function = target, names, line, in_function


def _imports(name: str) -> list[_Import]:
    """Every import of a descend module in ``name``'s source, wherever it stands."""
    tree = ast.parse(MODULES[name].read_text(), filename=str(MODULES[name]))
    package = name if _is_package(name) else name.rpartition(".")[0]
    found: list[_Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == PACKAGE:
                        found.append(_Import(alias.name, [], child.lineno, in_function))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - child.level + 1]
                    source = ".".join(base + ([child.module] if child.module else []))
                else:
                    source = child.module or ""
                if source.split(".")[0] != PACKAGE:
                    continue
                plain = []
                for alias in child.names:  # `from pkg import sub` imports the module pkg.sub
                    sub = f"{source}.{alias.name}"
                    if sub in MODULES:
                        found.append(_Import(sub, [], child.lineno, in_function))
                    else:
                        plain.append(alias.name)
                if plain or not child.names:
                    found.append(_Import(source, plain, child.lineno, in_function))
            visit(child, inner)

    visit(tree, False)
    return found


def _private_parts(target: str, importer: str) -> list[str]:
    """The underscored modules in ``target`` that lie outside ``importer``'s own packages."""
    parts = target.split(".")
    bad = []
    for i, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            owner = ".".join(parts[:i])
            if not (importer == owner or importer.startswith(owner + ".")):
                bad.append(".".join(parts[: i + 1]))
    return bad


GRAPH = {name: _imports(name) for name in MODULES}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_the_layers(name):
    mine = layer_of(name)
    up = [
        f"line {imp.line}: {imp.target} ({LAYERS[layer_of(imp.target)][0]})"
        for imp in GRAPH[name]
        if layer_of(imp.target) > mine
    ]
    assert up == [], f"{name} ({LAYERS[mine][0]}) imports from a higher layer: {up}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_function_level_import_of_a_descend_module(name):
    lazy = [f"line {imp.line}: {imp.target}" for imp in GRAPH[name] if imp.in_function]
    assert lazy == [], f"{name} imports descend modules inside functions: {lazy}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_underscored_name_of_another_module(name):
    bad = []
    for imp in GRAPH[name]:
        bad += [f"line {imp.line}: module {m}" for m in _private_parts(imp.target, name)]
        bad += [f"line {imp.line}: {imp.target}.{n}" for n in imp.names if n.startswith("_") and not n.startswith("__")]
    assert bad == [], f"{name} reaches into private parts: {bad}"


def _cycle() -> list[str] | None:
    """One import cycle among the modules, or ``None``. A package's ``__init__`` re-exports its
    children, so the edge from a child to its own parent package is not followed (Python
    resolves it once the package is initialised)."""
    edges = {
        name: sorted(
            {imp.target for imp in GRAPH[name] if imp.target != name and not name.startswith(imp.target + ".")}
        )
        for name in MODULES
    }
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in edges[node]:
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for name in sorted(MODULES):
        if name not in state and (found := walk(name)):
            return found
    return None


def test_no_import_cycles():
    cycle = _cycle()
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_checker_sees_what_it_must():
    # The same reader on a made-up module: an upward, a lazy and a private import are found.
    assert _private_parts("descend.optim._optimizer", "descend.training.engine") == ["descend.optim._optimizer"]
    assert _private_parts("descend.optim._ops", "descend.optim.adam") == []
    assert _private_parts("descend._names", "descend.training.data") == []
    assert layer_of("descend.training.engine") < layer_of("descend.doctor") < layer_of("descend.cli.train")
    with pytest.raises(AssertionError, match="in no layer"):
        layer_of("elsewhere.module")

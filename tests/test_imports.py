"""The modules of flows/ import each other without a cycle (counting imports inside
functions too: a cycle there is still a tangle, and breaks as soon as one moves up)."""

from __future__ import annotations

import ast
from pathlib import Path

FLOWS = Path(__file__).resolve().parent.parent / "flows"


def module_name(path: Path) -> str:
    parts = path.relative_to(FLOWS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """flows module -> the flows modules it imports (``from a import b`` is a.b when that
    is a module, else a)."""
    modules = {module_name(p): p for p in FLOWS.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                    ).strip(".")
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first search (one per back edge)."""
    found, state = [], dict.fromkeys(graph, 0)  # 0 new, 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state[nxt] == 1:
                found.append([*stack[stack.index(nxt) :], nxt])
            elif state[nxt] == 0:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if state[node] == 0:
            visit(node)
    return found


def test_flows_has_no_import_cycle() -> None:
    graph = import_graph()
    assert graph["flows.release.folder"] >= {"flows.release.site", "flows.release.package"}
    assert graph["flows.release.citation"] == {"flows.release.package"}
    assert cycles(graph) == []


def test_the_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_the_release_side_is_one_package() -> None:
    side = {"folder", "changelog", "sqlite", "site", "citation", "fetch", "report", "read"}
    moved = {"publish", "changelog", "sqlite", "site", "citation", "download", "report", "load"}
    assert not [name for name in moved if (FLOWS / f"{name}.py").exists()]
    assert all((FLOWS / "release" / f"{name}.py").is_file() for name in side)


def test_the_flow_process_never_imports_spacy() -> None:
    """spaCy (half a second) is imported only where a pipeline is loaded: in the extraction
    workers, never by the process that runs the flow and merges."""
    import subprocess
    import sys

    code = "import sys, flows.cli, flows.build, flows.head_start; print('spacy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=FLOWS.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"


def test_prefect_runs_only_in_the_flow_module() -> None:
    """flows/build.py is where Prefect runs; flows/head_start.py may read its settings (to
    launch the local server before the flow is imported) and nothing else of it."""
    found: dict[str, set[str]] = {}
    for path in FLOWS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                if name == "prefect" or name.startswith("prefect.") or name.startswith("prefect_"):
                    found.setdefault(module_name(path), set()).add(name)
    assert set(found) == {"flows.build", "flows.head_start"}
    assert found["flows.head_start"] == {"prefect.settings"}

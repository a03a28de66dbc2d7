"""The binding's Rust files import one another without a circle (issue 13: one clear job per
file). A `use crate::x` line is an edge; the graph must be acyclic."""

import pathlib
import re

SRC = pathlib.Path(__file__).resolve().parents[1] / "src"


def graph():
    edges = {}
    for f in SRC.glob("*.rs"):
        text = f.read_text(encoding="utf-8")
        edges[f.stem] = sorted(set(re.findall(r"\buse crate::(\w+)", text)) - {f.stem})
    return edges


def test_no_import_circle():
    edges = graph()
    state = {}
    path = []

    def visit(m):
        if state.get(m) == "done":
            return
        if state.get(m) == "open":
            cycle = path[path.index(m):] + [m]
            raise AssertionError("import circle: " + " -> ".join(cycle))
        state[m] = "open"
        path.append(m)
        for n in edges.get(m, []):
            visit(n)
        path.pop()
        state[m] = "done"

    for m in sorted(edges):
        visit(m)
    assert "cells" in edges and edges["cells"] == [], "cells.rs depends on nothing"

"""Runs the README's Python snippets that a set of libraries allows, as written: each snippet
may say what it needs in an HTML comment on the line before it (``<!-- needs: polars -->``).

    python readme_snippets.py --expect polars        # run those the installed libraries allow;
                                                     # fail unless one needing polars ran

Used by ``make test-python-wheel`` in fresh venvs holding only the wheel and pandas 3 +
pyarrow, or only polars; tests/test_readme.py runs all of them in the dev venv.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pathlib
import re
import sys
import tempfile

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"


def snippets(text: str):
    """``(needs, code, line)`` of each python block."""
    out = []
    for m in re.finditer(r"(?:<!-- needs: ([^>]*?) -->\n)?```python\n(.*?)```", text, re.S):
        needs = m.group(1).split() if m.group(1) else []
        out.append((needs, m.group(2), text[: m.start(2)].count("\n") + 1))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--expect", action="append", default=[], help="a library some snippet that ran needs")
    args = ap.parse_args()
    ran = []
    for needs, code, line in snippets(README.read_text(encoding="utf-8")):
        if not all(importlib.util.find_spec(n) is not None for n in needs):
            print(f"README.md:{line}: skipped (needs {' '.join(needs)})")
            continue
        with tempfile.TemporaryDirectory() as d:
            cwd = os.getcwd()
            os.chdir(d)
            try:
                exec(compile(code, f"README.md:{line}", "exec"), {})
            finally:
                os.chdir(cwd)
        print(f"README.md:{line}: ran (needs {' '.join(needs) or 'nothing'})")
        ran.append(needs)
    for lib in args.expect:
        if not any(lib in needs for needs in ran):
            print(f"no snippet needing {lib} ran", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

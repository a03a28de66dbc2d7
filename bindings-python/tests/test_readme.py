"""The README's Python example runs as written (so it cannot go stale)."""

import pathlib
import re


def snippets():
    readme = pathlib.Path(__file__).resolve().parents[1] / "README.md"
    return re.findall(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), re.S)


def test_readme_example_runs(tmp_path, monkeypatch):
    code = snippets()[0]
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "calls.xlsx").stat().st_size > 0
    assert (tmp_path / "calls.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_every_readme_snippet_runs_as_written(tmp_path, monkeypatch):
    blocks = snippets()
    assert len(blocks) >= 2
    monkeypatch.chdir(tmp_path)
    for k, code in enumerate(blocks):
        exec(compile(code, f"README.md snippet {k + 1}", "exec"), {})
    assert (tmp_path / "voice.xlsx").stat().st_size > 0


def test_every_snippet_says_what_it_needs_and_runs_in_the_dev_venv():
    import subprocess
    import sys

    runner = pathlib.Path(__file__).resolve().parent / "readme_snippets.py"
    out = subprocess.run([sys.executable, str(runner), "--expect", "polars", "--expect", "pandas",
                          "--expect", "duckdb"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "skipped" not in out.stdout

"""The README's Python example runs as written (so it cannot go stale)."""

import pathlib
import re


def test_readme_example_runs(tmp_path, monkeypatch):
    readme = pathlib.Path(__file__).resolve().parents[1] / "README.md"
    code = re.search(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), re.S).group(1)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(readme), "exec"), {})
    assert (tmp_path / "calls.xlsx").stat().st_size > 0
    assert (tmp_path / "calls.csv").read_bytes().startswith(b"\xef\xbb\xbf")

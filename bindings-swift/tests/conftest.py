"""Loads the uniffi-generated Python module of the Swift binding (same cdylib, same C ABI).

`make test-swift` runs `generate.sh --python DIR/python --out DIR/swift` once and passes DIR in
CALLLOG_SWIFT_GENERATED. Run alone (`pytest bindings-swift/tests`), this file runs generate.sh
itself into a temporary directory (cargo must be on PATH).
"""

import datetime as dt
import importlib
import os
import pathlib
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
CRATE = HERE.parent


def _generated_dir(tmp_path_factory) -> pathlib.Path:
    given = os.environ.get("CALLLOG_SWIFT_GENERATED")
    if given:
        return pathlib.Path(given)
    out = tmp_path_factory.mktemp("calllog-swift-generated")
    subprocess.run(
        [str(CRATE / "generate.sh"), "--python", str(out / "python"), "--out", str(out / "swift")],
        check=True,
    )
    return out


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> pathlib.Path:
    """The directory holding `python/` (module + cdylib) and `swift/` (fresh Swift layout)."""
    return _generated_dir(tmp_path_factory)


@pytest.fixture(scope="session")
def cl(generated):
    """The generated module `calllog_swift`, loading the crate's cdylib."""
    sys.path.insert(0, str(generated / "python"))
    try:
        return importlib.import_module("calllog_swift")
    finally:
        sys.path.pop(0)


def ts(text: str) -> dt.datetime:
    """An aware datetime from ISO 8601 text (what Swift's `Date` carries)."""
    return dt.datetime.fromisoformat(text)

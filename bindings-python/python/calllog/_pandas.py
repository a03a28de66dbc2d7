"""pandas glue for ``CallLog.from_pandas`` / ``CallLog.to_pandas``: columns in and out.

Datetime and timedelta columns cross as int64 nanoseconds in one buffer (no per-cell
objects); every other column crosses as a list. The Rust side does the per-field work.
"""

from __future__ import annotations

from typing import Any, List, Tuple

from . import _calllog
from ._errors import ValidationError


def columns_in(df: Any) -> Tuple[int, List[Tuple[str, str, Any]]]:
    """The columns of ``df`` as ``(name, kind, data)``; kind is ``ts``, ``dur`` or ``obj``."""
    import pandas as pd  # type: ignore

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    if not df.columns.is_unique:
        dupes = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
        raise ValueError(f"duplicate columns: {', '.join(dupes)}")
    out: List[Tuple[str, str, Any]] = []
    for name in df.columns:
        if not isinstance(name, str):
            raise TypeError(f"column names must be str, got {name!r}")
        s = df[name]
        dtype = s.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            utc = s.dt.tz_convert("UTC").dt.tz_localize(None)
            out.append((name, "ts", utc.to_numpy(dtype="datetime64[ns]").view("int64").tobytes()))
        elif dtype.kind == "M":
            raise ValidationError(
                f"column `{name}`: naive datetimes; localize them first, e.g. "
                f"df[{name!r}].dt.tz_localize('UTC')",
                field=name,
                reason="naive datetime column",
            )
        elif dtype.kind == "m":
            out.append((name, "dur", s.to_numpy(dtype="timedelta64[ns]").view("int64").tobytes()))
        else:
            out.append((name, "obj", s.tolist()))
    return len(df), out


def frame(n: int, columns: List[Tuple[str, str, Any]]) -> Any:
    """Builds the DataFrame of ``CallLog.to_pandas`` from Rust's columns."""
    import numpy as np  # type: ignore
    import pandas as pd  # type: ignore

    data = {}
    for name, kind, payload in columns:
        if kind == "ts":
            values = np.frombuffer(payload, dtype="int64").view("datetime64[ns]")
            data[name] = pd.Series(pd.DatetimeIndex(values).tz_localize("UTC"))
        elif kind == "dur":
            data[name] = pd.Series(pd.TimedeltaIndex(np.frombuffer(payload, dtype="int64").view("timedelta64[ns]")))
        elif kind == "str":
            data[name] = pd.Series(pd.array(payload, dtype="string"))
        elif kind == "bool":
            data[name] = pd.Series(np.array(payload, dtype=bool))
        elif kind == "int":
            data[name] = pd.Series(pd.array(payload, dtype="Int64"))
        elif kind.startswith("cat:"):
            categories = _calllog._vocabulary_members(kind[4:])
            data[name] = pd.Series(pd.Categorical(payload, categories=categories))
        else:
            data[name] = pd.Series(payload, dtype=object)
    return pd.DataFrame(data, index=pd.RangeIndex(n))

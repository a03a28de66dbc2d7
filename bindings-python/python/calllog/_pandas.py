"""pandas glue for ``CallLog.from_pandas`` of calllog 0.1's dotted layout (``to_pandas`` and
the Arrow layout go through ``_arrow.py``).

Two ways in. ``frame_in`` hands the Rust side numpy buffers it copies once and then builds
records from without the GIL: datetimes and timedeltas as int64 nanoseconds, integers and
booleans with a missing-value mask, categoricals as codes and categories, strings as the
object array itself (Rust reads each ``str`` and recognises the missing markers). It gives up
(returns ``None``) on any other column, and ``columns_in`` then hands every column over as
Python objects, one per cell, for the general conversion. The Rust side does the per-field
work either way.
"""

from __future__ import annotations

from typing import Any, List, Tuple

from . import _calllog
from ._errors import ValidationError


def columns_in(df: Any) -> Tuple[int, List[Tuple[str, str, Any]]]:
    """The columns of ``df`` as ``(name, kind, data)``; kind is ``ts``, ``dur`` or ``obj``."""
    pd = _check_frame(df)
    out: List[Tuple[str, str, Any]] = []
    for name in df.columns:
        s = df[name]
        dtype = s.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            utc = s.dt.tz_convert("UTC").dt.tz_localize(None)
            out.append((name, "ts", utc.to_numpy(dtype="datetime64[ns]").view("int64").tobytes()))
        elif dtype.kind == "M":
            raise _naive(name)
        elif dtype.kind == "m":
            out.append((name, "dur", s.to_numpy(dtype="timedelta64[ns]").view("int64").tobytes()))
        else:
            out.append((name, "obj", s.tolist()))
    return len(df), out


def _check_frame(df: Any) -> Any:
    import pandas as pd  # type: ignore

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    if not df.columns.is_unique:
        dupes = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
        raise ValueError(f"duplicate columns: {', '.join(dupes)}")
    for name in df.columns:
        if not isinstance(name, str):
            raise TypeError(f"column names must be str, got {name!r}")
    return pd


def _naive(name: str) -> ValidationError:
    return ValidationError(
        f"column `{name}`: naive datetimes; localize them first, e.g. "
        f"df[{name!r}].dt.tz_localize('UTC')",
        field=name,
        reason="naive datetime column",
    )


def _buffer(a: Any, dtype: str) -> Tuple[Any, int]:
    """A C-contiguous 1-D numpy array of ``dtype`` and the address of its first element (the
    array keeps the memory alive while Rust copies it)."""
    import numpy as np  # type: ignore

    a = np.ascontiguousarray(a, dtype=dtype)
    return a, a.__array_interface__["data"][0]


def _nanos(s: Any) -> Any:
    """A datetime (UTC) or timedelta column as int64 nanoseconds, whatever its unit."""
    arr = s.array
    if getattr(arr, "unit", "ns") != "ns":
        arr = arr.as_unit("ns")
    return arr.asi8


def frame_in(df: Any) -> Any:
    """The columns of ``df`` as numpy buffers, ``(n, [(name, kind, ...)])``, or ``None`` when
    a column has a dtype that only the per-cell conversion (``columns_in``) handles."""
    pd = _check_frame(df)
    import numpy as np  # type: ignore

    out: List[Tuple[Any, ...]] = []
    for name in df.columns:
        s = df[name]
        dtype = s.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            out.append((name, "ts", *_buffer(_nanos(s), "int64")))
        elif dtype.kind == "M":
            raise _naive(name)
        elif dtype.kind == "m":
            out.append((name, "dur", *_buffer(_nanos(s), "int64")))
        elif isinstance(dtype, pd.CategoricalDtype):
            cats = dtype.categories
            if not all(isinstance(c, str) for c in cats):
                return None
            out.append((name, "cat", *_buffer(s.cat.codes.to_numpy(), "int32"), list(cats)))
        elif isinstance(dtype, pd.StringDtype) and dtype.storage == "python" or dtype == object:
            # no copy: the array pandas holds (Rust only reads it, with the GIL held)
            out.append((name, "text", *_buffer(s.to_numpy(dtype=object), "object")))
        elif dtype.kind in "iub":  # numpy and nullable integers and booleans
            if dtype.kind == "u" and np.dtype(getattr(dtype, "numpy_dtype", dtype)).itemsize == 8:
                return None  # uint64 may not fit in int64
            missing = s.isna().to_numpy()
            kind = "bool" if dtype.kind == "b" else "int"
            values = s.to_numpy(dtype="int64" if kind == "int" else "bool", na_value=0)
            out.append((name, kind, *_buffer(values, "int64" if kind == "int" else "bool"),
                        *_buffer(missing, "bool")))
        else:
            return None
    return len(df), out

"""Arrow glue for ``CallLog.to_arrow`` / ``to_pandas`` / ``to_polars`` / ``from_pandas`` /
``from_polars``: which library turns the core's Arrow table into what.

The records cross between Rust and Python as Arrow batches through the PyCapsule interface
(``__arrow_c_stream__``); nothing here touches a record. pyarrow is needed for pandas
(pandas' own Arrow conversion is pyarrow's); polars and DuckDB read the stream directly.
"""

from __future__ import annotations

from typing import Any, Optional

from . import _calllog


def _pyarrow(what: str) -> Any:
    try:
        import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError as e:  # pragma: no cover - pyarrow is in the test requirements
        raise ImportError(f"{what} needs pyarrow: pip install pyarrow") from e
    return pa


def to_pyarrow(table: Any) -> Any:
    """A ``pyarrow.Table`` when pyarrow is installed, else the Arrow stream object itself."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        return table
    return pa.table(table)


def to_polars(table: Any) -> Any:
    import polars as pl  # type: ignore[import-untyped, import-not-found, unused-ignore]

    return pl.DataFrame(table)


def polars_frame(df: Any) -> Any:
    """``df`` itself for a polars ``DataFrame``, collected for a ``LazyFrame``."""
    try:
        import polars as pl  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError as e:
        raise TypeError(f"expected a polars DataFrame, got {type(df).__name__}") from e
    if isinstance(df, pl.LazyFrame):
        return df.collect()
    if not isinstance(df, pl.DataFrame):
        raise TypeError(f"expected a polars DataFrame, got {type(df).__name__}")
    return df


def to_pandas(table: Any) -> Any:
    pa = _pyarrow("CallLog.to_pandas")
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]

    ints = {
        pa.uint8(): pd.UInt8Dtype(),
        pa.uint32(): pd.UInt32Dtype(),
    }

    def dtype(t: Any) -> Any:
        if t in ints:
            return ints[t]
        # nested parts and money stay Arrow data (``list<struct<...>>[pyarrow]``,
        # ``decimal128[pyarrow]``): no Python object per cell, and from_pandas reads them back
        # as the same buffers
        if pa.types.is_nested(t) or pa.types.is_decimal(t):
            return pd.ArrowDtype(t)
        return None

    return pa.table(table).to_pandas(types_mapper=dtype)


def frame_to_arrow(df: Any) -> Optional[Any]:
    """The columns of a pandas DataFrame as one Arrow table for the core's reader, or ``None``
    for the cell-by-cell path: without pyarrow, for the dotted layout of calllog 0.1
    (``timeline.started_at``...), or for object columns Arrow cannot type (Python objects
    such as ``CallRecord`` enums or ``datetime``s).

    Arrow-backed columns (pandas 3's ``str``, ``ArrowDtype``) cross as their Arrow buffers;
    numpy columns are converted by pyarrow; object columns get their type from the core's
    schema, so lists of dicts become the nested columns they mean.
    """
    from ._pandas import _check_frame

    pd = _check_frame(df)
    try:
        import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        return None
    if any("." in name for name in df.columns):
        return None
    schema = pa.schema(_calllog._arrow_schema(True))
    names = set(schema.names)
    arrays = []
    for name in df.columns:
        s = df[name]
        try:
            if s.dtype == object and name in names:
                t = schema.field(name).type
                if pa.types.is_dictionary(t):
                    t = t.value_type
                arrays.append(pa.array(s.to_numpy(), type=t, from_pandas=True))
            elif isinstance(s.dtype, pd.DatetimeTZDtype):
                # the int64 buffer as UTC, without a Timestamp object per cell
                utc = s.dt.tz_convert(None).to_numpy()
                arrays.append(pa.array(utc, type=pa.timestamp(s.dtype.unit, "UTC"), from_pandas=True))
            elif hasattr(s.array, "__arrow_array__"):
                # pandas' Arrow-backed and nullable arrays (str, ArrowDtype, Int64...): their buffers
                arrays.append(pa.array(s.array))
            else:
                # numpy columns and categoricals, which pyarrow converts natively
                arrays.append(pa.array(s, from_pandas=True))
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError, ValueError):
            return None
    return pa.Table.from_arrays(arrays, names=list(df.columns))

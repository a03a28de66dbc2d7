"""The exceptions calllog raises: one base, one subclass per kind of error in the Rust core.

The Rust core's single error enum is mapped to these classes in one place
(``bindings-python/src/errors.rs``). Errors about bad values also subclass
:class:`ValueError`, I/O errors subclass :class:`OSError`, so code that catches the
built-in exceptions keeps working.
"""

from __future__ import annotations

from typing import Optional, Sequence

__all__ = [
    "CalllogError",
    "ValidationError",
    "UnknownValueError",
    "FilterError",
    "ExportError",
    "ExportOptionError",
    "UnencodableError",
    "XlsxError",
    "RowCapExceededError",
    "ParseError",
    "ArrowDataError",
    "CalllogIOError",
    "CancelledError",
    "CallbackError",
    "QueueFullError",
    "NotPermittedError",
    "InternalError",
]


class CalllogError(Exception):
    """Base class of every error raised by calllog.

    Attributes:
        index: for an error about one record of an input sequence (``CallLog.from_records``),
            its position in the input; ``None`` otherwise.
    """

    index: Optional[int] = None


class ValidationError(CalllogError, ValueError):
    """A record breaks a rule of the model, or a value cannot become a record field.

    Attributes:
        record_id: the id of the offending record ("" when unknown).
        field: the field, with a path for nested values, e.g. ``timeline.talk_ended_at``.
        reason: what is wrong, in plain words.
    """

    def __init__(self, message: str, *, record_id: str = "", field: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.record_id = record_id
        self.field = field
        self.reason = reason


class UnknownValueError(CalllogError, ValueError):
    """A word is not part of a closed vocabulary (a channel, a status, a preset name...).

    Attributes:
        vocabulary: the vocabulary, e.g. ``attempt_result``.
        value: the value that was given.
        accepted: the accepted machine names, comma separated.
    """

    def __init__(self, message: str, *, vocabulary: str = "", value: str = "", accepted: str = "") -> None:
        super().__init__(message)
        self.vocabulary = vocabulary
        self.value = value
        self.accepted = accepted


class FilterError(CalllogError, ValueError):
    """A filter or query cannot be run as given.

    Attributes:
        field: the filter field at fault, e.g. ``period``.
        reason: what is wrong with it.
    """

    def __init__(self, message: str, *, field: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.reason = reason


class ExportError(CalllogError):
    """Base class of the errors of an export."""


class ExportOptionError(ExportError, ValueError):
    """An export option or column choice is not valid.

    Attributes:
        option: the option at fault.
        reason: what is wrong with it.
    """

    def __init__(self, message: str, *, option: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.option = option
        self.reason = reason


class UnencodableError(ExportError, ValueError):
    """A value cannot be written in the chosen encoding (e.g. CP932).

    Attributes:
        row: 1-based data row (header excluded).
        column: the column id.
        character: the first character that cannot be encoded.
        encoding: the encoding's name.
    """

    def __init__(
        self, message: str, *, row: int = 0, column: str = "", character: str = "", encoding: str = ""
    ) -> None:
        super().__init__(message)
        self.row = row
        self.column = column
        self.character = character
        self.encoding = encoding


class XlsxError(ExportError):
    """The XLSX writer failed."""


class RowCapExceededError(ExportError):
    """A synchronous export would exceed its row cap; use a background export.

    Attributes:
        cap: the cap that was exceeded.
    """

    def __init__(self, message: str, *, cap: int = 0) -> None:
        super().__init__(message)
        self.cap = cap


class ParseError(CalllogError, ValueError):
    """A CSV file cannot be read back into records.

    Attributes:
        path: the file ("" when reading from a stream).
        row: 1-based line of the data row (header is row 0).
        column: the column, by header label or id.
        reason: what is wrong.
    """

    def __init__(self, message: str, *, path: str = "", row: int = 0, column: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.row = row
        self.column = column
        self.reason = reason


class ArrowDataError(CalllogError, ValueError):
    """Arrow data (``CallLog.from_arrow``, ``from_polars``, ``from_pandas``, an export of an
    Arrow stream) cannot become records, or records cannot be held in Arrow's columns.

    Attributes:
        row: 0-based row in the whole stream (``None`` for a problem of the schema).
        record_id: the ``id`` of that row ("" when unknown).
        column: the column, with a path for nested values, e.g. ``agents[1].name``.
        reason: what is wrong.
    """

    def __init__(
        self, message: str, *, row: Optional[int] = None, record_id: str = "", column: str = "", reason: str = ""
    ) -> None:
        super().__init__(message)
        self.row = row
        self.record_id = record_id
        self.column = column
        self.reason = reason


class CalllogIOError(CalllogError, OSError):
    """A file operation failed. ``filename``, ``errno`` and ``strerror`` are set as for :class:`OSError`."""


class CancelledError(CalllogError):
    """The operation was cancelled (``job.cancel()``); no file was left behind."""


class CallbackError(CalllogError):
    """A callback passed to calllog failed where its own exception cannot be raised (inside the
    Rust core, or a panic). A ``progress=`` callable that raises makes the export raise that very
    exception, with no file left behind."""


class QueueFullError(CalllogError):
    """Too many background exports are already waiting for a worker; try again later.

    Attributes:
        limit: how many jobs may wait at most.
    """

    def __init__(self, message: str, *, limit: int = 0) -> None:
        super().__init__(message)
        self.limit = limit


class NotPermittedError(CalllogError):
    """The viewer's role may not do this: seed 000 lets only owners and managers export
    (``export_policy="video_call_saas"``, the ``video_call_history`` preset's default).

    Attributes:
        role: the viewer's role (machine name).
        action: what was refused (``"export"``).
        allowed: the roles that may.
    """

    def __init__(
        self, message: str, *, role: str = "", action: str = "", allowed: Sequence[str] = ()
    ) -> None:
        super().__init__(message)
        self.role = role
        self.action = action
        self.allowed = list(allowed)


class InternalError(CalllogError):
    """A bug inside calllog or one of its dependencies was contained: the call failed, no file
    was left, and the interpreter goes on. Please report it with the message."""


def _io_error(errno: Optional[int], strerror: str, filename: str) -> CalllogIOError:
    """Builds a :class:`CalllogIOError` the way :class:`OSError` expects its arguments."""
    if errno is None:
        err = CalllogIOError(f"{filename}: {strerror}")
        err.filename = filename
        err.strerror = strerror
        return err
    return CalllogIOError(errno, strerror, filename)

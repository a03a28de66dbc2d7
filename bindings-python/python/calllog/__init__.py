"""calllog: contact-center call history with a Rust core.

One model for calls, video calls, SMS, e-mail and chat records from any product;
documented rules that make wait, ring, talk and after-call work mean the same everywhere;
and streaming CSV/XLSX exports.

>>> from datetime import datetime, timezone
>>> import calllog
>>> t = lambda s: datetime(2024, 5, 1, 10, 0, s, tzinfo=timezone.utc)
>>> r = calllog.CallRecord(id="A-1", channel="video",
...                        timeline={"started_at": t(0), "talk_started_at": t(42)})
>>> r.wait_time.total_seconds()
42.0
>>> r.outcome
Outcome.IN_PROGRESS

Timestamps are timezone-aware ``datetime`` objects (a naive one is a ``ValidationError``),
durations ``timedelta``, money ``decimal.Decimal`` with a currency, vocabularies
``enum.Enum`` classes that also accept their machine names.
"""

from . import _calllog
from ._calllog import (
    DERIVED_COLUMNS,
    Agent,
    CallbackList,
    CallbackRecord,
    CallLog,
    CallRecord,
    CustomerCard,
    Derived,
    ExportJob,
    ExportProgress,
    ExportSummary,
    IvrStep,
    Metrics,
    MetricsReport,
    Money,
    Note,
    QueryPage,
    Recording,
    ReportedDurations,
    RingEvent,
    Rules,
    SurveyAnswer,
    Timeline,
    Viewer,
    Visit,
    export_columns,
    export_csv,
    export_presets,
    export_xlsx,
    read_csv,
    search_callbacks,
)
from ._errors import (
    ArrowDataError,
    CallbackError,
    CalllogError,
    CalllogIOError,
    CancelledError,
    ExportError,
    ExportOptionError,
    FilterError,
    InternalError,
    NotPermittedError,
    ParseError,
    QueueFullError,
    RowCapExceededError,
    UnencodableError,
    UnknownValueError,
    ValidationError,
    XlsxError,
)
from ._vocab import (
    AttemptResult,
    CallbackState,
    CallMode,
    CallType,
    Channel,
    ContactStatus,
    Direction,
    DisconnectSide,
    InteractionType,
    JobState,
    Locale,
    Outcome,
    Role,
)

__version__: str = _calllog.__version__

__all__ = [
    "DERIVED_COLUMNS",
    "Agent",
    "AttemptResult",
    "CallLog",
    "CallMode",
    "CallRecord",
    "CallType",
    "CallbackError",
    "ArrowDataError",
    "QueueFullError",
    "InternalError",
    "NotPermittedError",
    "CallbackList",
    "CallbackRecord",
    "CallbackState",
    "CalllogError",
    "CalllogIOError",
    "CancelledError",
    "Channel",
    "ContactStatus",
    "CustomerCard",
    "Derived",
    "Direction",
    "DisconnectSide",
    "ExportError",
    "ExportJob",
    "ExportProgress",
    "ExportSummary",
    "ExportOptionError",
    "FilterError",
    "InteractionType",
    "IvrStep",
    "JobState",
    "Locale",
    "Metrics",
    "MetricsReport",
    "Money",
    "Note",
    "Outcome",
    "ParseError",
    "QueryPage",
    "Recording",
    "ReportedDurations",
    "RingEvent",
    "Role",
    "RowCapExceededError",
    "Rules",
    "SurveyAnswer",
    "Timeline",
    "UnencodableError",
    "UnknownValueError",
    "ValidationError",
    "Viewer",
    "Visit",
    "XlsxError",
    "__version__",
    "export_columns",
    "export_csv",
    "export_presets",
    "export_xlsx",
    "read_csv",
    "search_callbacks",
]

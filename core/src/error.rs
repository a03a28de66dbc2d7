//! The one error type of the crate.
//!
//! Every fallible function in `calllog` returns [`Result<T>`](crate::Result). Each variant
//! carries what a caller needs to act: the record id and field of an invalid record, the value
//! and the accepted ones of an unknown vocabulary word, the path of a failed file, the row and
//! column of a cell that cannot be encoded. Bindings map this enum once, in one file each.

use std::path::PathBuf;
use std::sync::Arc;

/// Everything that can go wrong in `calllog`.
///
/// `Clone`, so that a background job keeps its typed error for every host that asks
/// ([`crate::jobs::JobHandle::error`]); the I/O source is shared behind an [`Arc`].
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A record breaks a rule of the model (see [`crate::validate`]).
    #[error("record {record_id:?}: field `{field}`: {reason}")]
    Invalid {
        /// The id of the offending record (may be empty when the id itself is missing).
        record_id: String,
        /// The field, with a path for nested values, e.g. `timeline.talk_ended_at` or `pre_survey[3].index`.
        field: String,
        /// What is wrong, in plain words.
        reason: String,
    },

    /// A word is not part of a closed vocabulary.
    #[error("unknown {vocabulary} {value:?}; accepted: {accepted}")]
    UnknownValue {
        /// The vocabulary, e.g. `attempt_result`.
        vocabulary: &'static str,
        /// The value that was given.
        value: String,
        /// The accepted machine names, comma separated.
        accepted: String,
    },

    /// A filter or query cannot be run as given.
    #[error("invalid filter: {field}: {reason}")]
    Filter {
        /// The filter field at fault, e.g. `period` or `number`.
        field: String,
        /// What is wrong with it.
        reason: String,
    },

    /// An export option or column choice is not valid.
    #[error("invalid export option `{option}`: {reason}")]
    ExportOption {
        /// The option at fault.
        option: String,
        /// What is wrong with it.
        reason: String,
    },

    /// A value cannot be written in the chosen encoding (e.g. CP932).
    #[error(
        "row {row}, column `{column}`: character {character:?} cannot be encoded in {encoding}"
    )]
    Unencodable {
        /// 1-based data row (header excluded).
        row: u64,
        /// The column id.
        column: String,
        /// The first character that cannot be encoded.
        character: char,
        /// The encoding's name.
        encoding: &'static str,
    },

    /// A CSV file cannot be read back into records.
    #[error("{path}: row {row}, column `{column}`: {reason}")]
    Parse {
        /// The file (empty when reading from a stream).
        path: PathBuf,
        /// 1-based line of the data row (header is row 0).
        row: u64,
        /// The column, by header label or id.
        column: String,
        /// What is wrong.
        reason: String,
    },

    /// A file or stream operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The underlying error: its [`kind`](std::io::Error::kind) and
        /// [`raw_os_error`](std::io::Error::raw_os_error) say what happened (no space,
        /// read-only file system, permission, not found).
        #[source]
        source: Arc<std::io::Error>,
    },

    /// The XLSX writer failed.
    #[error("xlsx: {0}")]
    Xlsx(String),

    /// The operation was cancelled through its cancel token; nothing was left behind.
    #[error("cancelled")]
    Cancelled,

    /// A synchronous export would exceed its row cap.
    #[error(
        "the export has more than {cap} rows, the limit of a direct download; use a background export instead"
    )]
    RowCapExceeded {
        /// The cap that was exceeded.
        cap: u64,
    },

    /// A callback supplied by the caller (progress, completion) panicked.
    #[error("a callback panicked: {0}")]
    CallbackPanicked(String),

    /// A callback supplied by the caller returned an error (a host callback that raised or
    /// threw); the export stopped and left no file. The binding keeps the host's own error as
    /// the cause.
    #[error("a callback failed: {0}")]
    CallbackFailed(String),

    /// A background job was refused because the registry already holds its limit of
    /// pending jobs ([`crate::jobs::JobRegistry::with_max_pending`]).
    #[error("{limit} background jobs are already pending; try again when one has started")]
    QueueFull {
        /// The registry's limit of pending jobs.
        limit: usize,
    },

    /// Arrow data cannot be read as records, or records cannot be held in the Arrow schema
    /// (`calllog::arrow`, behind the `arrow` feature).
    #[error("arrow: {}{}column `{column}`: {reason}", row.map(|r| format!("row {r}, ")).unwrap_or_default(), record_id.as_ref().map(|id| format!("record {id:?}, ")).unwrap_or_default())]
    Arrow {
        /// 0-based row in the whole stream (`None` for a problem of the schema itself).
        row: Option<u64>,
        /// The record's id where the row has one.
        record_id: Option<String>,
        /// The column, with a path for nested values (`agents[0].name`, `recording.duration`).
        column: String,
        /// What is wrong.
        reason: String,
    },

    /// The viewer's role may not do this (seed 000: only owners and managers may export);
    /// see [`crate::access::ExportPolicy`].
    #[error("a viewer with role {role} may not {action}; allowed: {allowed}")]
    NotPermitted {
        /// The viewer's role (machine name).
        role: String,
        /// What was refused (`export`).
        action: String,
        /// The roles that may (machine names, comma-separated).
        allowed: String,
    },

    /// A bug inside calllog or one of its dependencies was contained (a panic that did not
    /// come from a callback). The operation failed and left no file; the process lives on.
    #[error("internal error (contained): {0}")]
    Internal(String),
}

impl Error {
    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(
        record_id: impl Into<String>,
        field: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Error::Invalid {
            record_id: record_id.into(),
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source: Arc::new(source),
        }
    }

    /// The kind of error as a stable snake_case word, the same in every binding's error
    /// payload and in [`crate::jobs::JobStatus::error_code`].
    ///
    /// ```
    /// let e = calllog::Error::io("x.csv", std::io::Error::from(std::io::ErrorKind::NotFound));
    /// assert_eq!(e.code(), "io");
    /// assert_eq!(calllog::Error::Cancelled.code(), "cancelled");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::UnknownValue { .. } => "unknown_value",
            Error::Filter { .. } => "filter",
            Error::ExportOption { .. } => "export_option",
            Error::Unencodable { .. } => "unencodable",
            Error::Parse { .. } => "parse",
            Error::Io { .. } => "io",
            Error::Xlsx(_) => "xlsx",
            Error::Cancelled => "cancelled",
            Error::RowCapExceeded { .. } => "row_cap_exceeded",
            Error::CallbackPanicked(_) => "callback_panicked",
            Error::CallbackFailed(_) => "callback_failed",
            Error::QueueFull { .. } => "queue_full",
            Error::Arrow { .. } => "arrow",
            Error::NotPermitted { .. } => "not_permitted",
            Error::Internal(_) => "internal",
        }
    }
}

/// The text of a panic payload (`&str` or `String`), for errors made of contained panics.
pub(crate) fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".into())
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

//! The one error type of the Swift API, mapped from [`calllog::Error`] in one place.
//!
//! In Swift this is `enum CallLogError: Error` (with `LocalizedError` and
//! `CustomStringConvertible`); every throwing function throws it. Each case carries what a
//! caller can act on: the record id and field of an invalid record, the path of a file, the row
//! and column of a cell.

use calllog::Error as Core;

/// Everything that can go wrong in calllog.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[uniffi::export(Display)]
pub enum CallLogError {
    /// A record breaks a rule of the model (or a value cannot be carried into it, such as a
    /// duration that is not a finite number of seconds).
    #[error("record {record_id:?}: field `{field}`: {reason}")]
    Invalid {
        /// The id of the offending record (empty when the id itself is missing).
        record_id: String,
        /// The field, with a path for nested values, e.g. `timeline.talk_ended_at`.
        field: String,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// A word is not part of a closed vocabulary (or a preset name is unknown).
    #[error("unknown {vocabulary} {value:?}; accepted: {accepted}")]
    UnknownValue {
        /// The vocabulary, e.g. `attempt_result`.
        vocabulary: String,
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
        character: String,
        /// The encoding's name.
        encoding: String,
    },
    /// A CSV file cannot be read back into records.
    #[error("{path}: row {row}, column `{column}`: {reason}")]
    Parse {
        /// The file (empty when reading from a stream).
        path: String,
        /// 1-based line of the data row (header is row 0).
        row: u64,
        /// The column, by header label or id.
        column: String,
        /// What is wrong.
        reason: String,
    },
    /// Arrow data cannot become records (or records cannot be held in Arrow's columns).
    #[error("arrow: row {row:?}, record {record_id:?}, column `{column}`: {reason}")]
    Arrow {
        /// 0-based row in the whole stream; `nil` for a problem of the schema or the bytes.
        row: Option<u64>,
        /// The `id` of that row (empty when unknown).
        record_id: String,
        /// The column, with a path for nested values, e.g. `agents[1].name`.
        column: String,
        /// What is wrong.
        reason: String,
    },
    /// A file operation failed (missing directory, permission denied, disk full).
    #[error("{path}: {message}")]
    Io {
        /// The path concerned.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The XLSX writer failed.
    #[error("xlsx: {message}")]
    Xlsx {
        /// The writer's message.
        message: String,
    },
    /// The operation was cancelled; nothing was left behind.
    #[error("cancelled")]
    Cancelled,
    /// A direct export would exceed its row cap: use a background export instead.
    #[error(
        "the export has more than {cap} rows, the limit of a direct download; use a background export instead"
    )]
    RowCapExceeded {
        /// The cap that was exceeded.
        cap: u64,
    },
    /// A callback supplied by the caller (progress, completion) failed or panicked.
    #[error("a callback failed: {message}")]
    CallbackFailed {
        /// What the callback reported.
        message: String,
    },
    /// Too many background exports are already waiting for a worker; try again later.
    #[error("{limit} background jobs are already pending; try again when one has started")]
    QueueFull {
        /// How many jobs may wait at most.
        limit: u64,
    },
    /// The viewer's role may not do this (seed 000: only owners and managers may export).
    #[error("a viewer with role {role} may not {action}; allowed: {}", allowed.join(", "))]
    NotPermitted {
        /// The viewer's role (machine name).
        role: String,
        /// What was refused (`export`).
        action: String,
        /// The roles that may (machine names).
        allowed: Vec<String>,
    },
    /// A bug inside calllog was contained: the call failed, no file was left, the app goes on.
    #[error("internal error in calllog: {message}")]
    Internal {
        /// What went wrong.
        message: String,
    },
    /// An error of a kind added to the core after this binding was built.
    #[error("{message}")]
    Other {
        /// The core's message.
        message: String,
    },
}

impl From<Core> for CallLogError {
    fn from(e: Core) -> Self {
        match e {
            Core::Invalid {
                record_id,
                field,
                reason,
            } => CallLogError::Invalid {
                record_id,
                field,
                reason,
            },
            Core::UnknownValue {
                vocabulary,
                value,
                accepted,
            } => CallLogError::UnknownValue {
                vocabulary: vocabulary.to_string(),
                value,
                accepted,
            },
            Core::Filter { field, reason } => CallLogError::Filter { field, reason },
            Core::ExportOption { option, reason } => CallLogError::ExportOption { option, reason },
            Core::Unencodable {
                row,
                column,
                character,
                encoding,
            } => CallLogError::Unencodable {
                row,
                column,
                character: character.to_string(),
                encoding: encoding.to_string(),
            },
            Core::Parse {
                path,
                row,
                column,
                reason,
            } => CallLogError::Parse {
                path: path.display().to_string(),
                row,
                column,
                reason,
            },
            Core::Io { path, source } => CallLogError::Io {
                path: path.display().to_string(),
                message: source.to_string(),
            },
            Core::Arrow {
                row,
                record_id,
                column,
                reason,
            } => CallLogError::Arrow {
                row,
                record_id: record_id.unwrap_or_default(),
                column,
                reason,
            },
            Core::Xlsx(message) => CallLogError::Xlsx { message },
            Core::Cancelled => CallLogError::Cancelled,
            Core::RowCapExceeded { cap } => CallLogError::RowCapExceeded { cap },
            Core::CallbackPanicked(message) | Core::CallbackFailed(message) => {
                CallLogError::CallbackFailed { message }
            }
            Core::QueueFull { limit } => CallLogError::QueueFull {
                limit: limit as u64,
            },
            Core::NotPermitted {
                role,
                action,
                allowed,
            } => CallLogError::NotPermitted {
                role,
                action,
                allowed: allowed
                    .split(", ")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            },
            Core::Internal(message) => CallLogError::Internal { message },
            // `calllog::Error` is `#[non_exhaustive]`: a kind added later keeps its message.
            other => CallLogError::Other {
                message: other.to_string(),
            },
        }
    }
}

/// A foreign listener threw an error that is not a `CallLogError` (any Swift `Error`).
impl From<uniffi::UnexpectedUniFFICallbackError> for CallLogError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        CallLogError::CallbackFailed { message: e.reason }
    }
}

/// `Result` with [`CallLogError`].
pub type Result<T, E = CallLogError> = std::result::Result<T, E>;

impl CallLogError {
    /// Shorthand for [`CallLogError::Invalid`].
    pub(crate) fn invalid(record_id: &str, field: &str, reason: impl Into<String>) -> Self {
        CallLogError::Invalid {
            record_id: record_id.to_string(),
            field: field.to_string(),
            reason: reason.into(),
        }
    }
}

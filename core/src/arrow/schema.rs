//! The Arrow schema of the records (documented in [`super`]).

use std::sync::{Arc, OnceLock};

use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef, TimeUnit};

/// The largest scale of the `price` column: [`Money::scale`](crate::Money::scale)'s limit.
pub const MAX_PRICE_SCALE: u8 = 18;

/// The timeline columns, in the order of [`Timeline`](crate::Timeline)'s fields.
pub const TIMELINE: [&str; 11] = [
    "started_at",
    "dial_started_at",
    "enqueued_at",
    "dequeued_at",
    "offered_at",
    "answered_or_cancelled_at",
    "talk_started_at",
    "talk_ended_at",
    "after_call_work_started_at",
    "after_call_work_ended_at",
    "closed_at",
];

/// The reported-duration columns, in the order of
/// [`ReportedDurations`](crate::ReportedDurations)'s fields.
pub const REPORTED: [&str; 8] = [
    "reported_wait",
    "reported_dial",
    "reported_talk",
    "reported_agent_talk",
    "reported_ivr",
    "reported_hold",
    "reported_after_call_work",
    "reported_total",
];

/// The fields of the `visit` struct, in the order of [`Visit`](crate::Visit)'s fields.
pub(super) const VISIT_FIELDS: [&str; 7] = [
    "source",
    "medium",
    "campaign",
    "content",
    "term",
    "landing_page",
    "client_ip",
];

/// The derived columns (the export catalogue's ids). Readers skip them: derived values are
/// computed from the record, never read.
pub const DERIVED: [&str; 11] = [
    "wait",
    "dial",
    "talk",
    "agent_talk",
    "ivr_time",
    "hold",
    "after_call_work",
    "total",
    "handle",
    "outcome",
    "success",
];

fn utf8(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn ts(name: &str) -> Field {
    Field::new(
        name,
        DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        true,
    )
}

fn dur(name: &str) -> Field {
    Field::new(name, DataType::Duration(TimeUnit::Microsecond), true)
}

fn vocab(name: &str, nullable: bool) -> Field {
    Field::new(
        name,
        DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
        nullable,
    )
}

fn list(name: &str, item: DataType) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", item, true))),
        false,
    )
}

fn structure(fields: Vec<Field>) -> DataType {
    DataType::Struct(Fields::from(fields))
}

fn recording() -> Field {
    Field::new(
        "recording",
        structure(vec![
            utf8("url", true),
            dur("duration"),
            Field::new("processing", DataType::Boolean, false),
            utf8("format", true),
        ]),
        true,
    )
}

fn call_fields(price_scale: u8) -> Vec<Field> {
    let mut f = vec![
        utf8("id", false),
        vocab("channel", false),
        vocab("direction", true),
        vocab("interaction_type", true),
        vocab("call_type", true),
        vocab("call_mode", true),
        vocab("status", true),
        utf8("customer_name", true),
        utf8("from", true),
        utf8("to", true),
        list("cc", DataType::Utf8),
        list("bcc", DataType::Utf8),
        list(
            "agents",
            structure(vec![
                utf8("id", true),
                utf8("name", false),
                utf8("number", true),
                list("groups", DataType::Utf8),
                Field::new("deleted", DataType::Boolean, false),
            ]),
        ),
        utf8("queue", true),
        utf8("campaign", true),
        utf8("scenario", true),
        utf8("scenario_url", true),
    ];
    f.extend(TIMELINE.iter().map(|n| ts(n)));
    f.extend(REPORTED.iter().map(|n| dur(n)));
    f.extend([
        utf8("end_reason", true),
        vocab("disconnect_side", true),
        Field::new("hold_count", DataType::UInt32, true),
        vocab("attempt_result", true),
        utf8("completion_code", true),
        ts("callback_at"),
        Field::new("attempts", DataType::UInt32, true),
        list("tags", DataType::Utf8),
        list("topics", DataType::Utf8),
        list("categories", DataType::Utf8),
        utf8("classifier", true),
        list(
            "notes",
            structure(vec![utf8("author", true), ts("at"), utf8("text", false)]),
        ),
        Field::new("manager_rating", DataType::UInt8, true),
        Field::new("call_rating", DataType::UInt8, true),
        recording(),
        Field::new("price", DataType::Decimal128(38, price_scale as i8), true),
        Field::new("price_scale", DataType::UInt8, true),
        utf8("price_currency", true),
        Field::new("co_browse", DataType::Boolean, false),
        list(
            "ring_history",
            structure(vec![
                ts("at"),
                utf8("staff_name", false),
                utf8("detail", true),
            ]),
        ),
    ]);
    for n in [
        "brand",
        "service",
        "menu",
        "staff_memo",
        "customer_user_agent",
        "staff_user_agent",
        "extra_info",
        "chat_log",
    ] {
        f.push(utf8(n, true));
    }
    let survey = || {
        structure(vec![
            Field::new("index", DataType::UInt8, false),
            utf8("question", false),
            utf8("answer", true),
        ])
    };
    f.push(list("pre_survey", survey()));
    f.push(list("post_survey", survey()));
    f.push(Field::new(
        "visit",
        structure(VISIT_FIELDS.iter().map(|n| utf8(n, true)).collect()),
        true,
    ));
    for n in ["record_id", "significant_field", "ticket_id", "request_id"] {
        f.push(utf8(n, true));
    }
    f.push(list(
        "ivr_path",
        structure(vec![
            utf8("node", false),
            ts("entered_at"),
            ts("left_at"),
            utf8("choice", true),
            utf8("detail", true),
        ]),
    ));
    f.push(Field::new(
        "extra",
        DataType::Map(
            Arc::new(Field::new(
                "entries",
                structure(vec![utf8("key", false), utf8("value", true)]),
                false,
            )),
            false,
        ),
        false,
    ));
    f
}

/// The Arrow schema of [`CallRecord`](crate::CallRecord)s whose `price` column has
/// `price_scale` digits after the point (at most 18). See the [module documentation](super)
/// for every column.
pub fn call_schema(price_scale: u8) -> SchemaRef {
    static SCHEMAS: OnceLock<Vec<SchemaRef>> = OnceLock::new();
    let all = SCHEMAS.get_or_init(|| {
        (0..=MAX_PRICE_SCALE)
            .map(|s| Arc::new(Schema::new(call_fields(s))))
            .collect()
    });
    all[price_scale.min(MAX_PRICE_SCALE) as usize].clone()
}

/// The Arrow schema of [`CallbackRecord`](crate::CallbackRecord)s (seed 001's worklist).
pub fn callback_schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let mut f = vec![
                utf8("id", false),
                ts("registered_at"),
                ts("incoming_at"),
                utf8("assignee", true),
                vocab("state", false),
            ];
            for n in [
                "call_center",
                "business_label",
                "caller_number",
                "our_number",
                "request_id",
            ] {
                f.push(utf8(n, true));
            }
            f.push(recording());
            f.push(utf8("memo", true));
            Arc::new(Schema::new(f))
        })
        .clone()
}

/// The type of call column `name` (with `price` at scale 0).
pub(crate) fn call_data_type(name: &str) -> Option<DataType> {
    call_schema(0)
        .field_with_name(name)
        .ok()
        .map(|f| f.data_type().clone())
}

/// The type of callback column `name`.
pub(crate) fn callback_data_type(name: &str) -> Option<DataType> {
    callback_schema()
        .field_with_name(name)
        .ok()
        .map(|f| f.data_type().clone())
}

/// The derived columns ([`DERIVED`]) as Arrow fields: the nine durations as `duration[us]`,
/// `outcome` as a dictionary of [`Outcome`](crate::Outcome) machine names and `success` as
/// `bool` (both not null).
pub fn derived_fields() -> Vec<Field> {
    let mut f: Vec<Field> = DERIVED[..9].iter().map(|n| dur(n)).collect();
    f.push(vocab("outcome", false));
    f.push(Field::new("success", DataType::Boolean, false));
    f
}

/// [`call_schema`] followed by the [`derived_fields`]: what
/// [`CallBatches::with_derived`](super::CallBatches::with_derived) writes.
pub fn call_schema_with_derived(price_scale: u8) -> SchemaRef {
    let mut fields: Vec<Field> = call_schema(price_scale)
        .fields()
        .iter()
        .map(|f| f.as_ref().clone())
        .collect();
    fields.extend(derived_fields());
    Arc::new(Schema::new(fields))
}

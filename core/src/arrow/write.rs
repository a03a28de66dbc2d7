//! Records → Arrow `RecordBatch`es, one pass over the records per batch.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Decimal128Builder, DurationMicrosecondBuilder, Int32Builder, ListBuilder,
    MapBuilder, MapFieldNames, StringBuilder, TimestampMicrosecondBuilder, UInt8Builder,
    UInt32Builder,
};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, DictionaryArray, ListArray, RecordBatch, StringArray, StructArray};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Fields, SchemaRef};
use chrono::TimeDelta;

use super::schema::{self, MAX_PRICE_SCALE};
use crate::error::{Error, Result};
use crate::model::{
    Agent, CallRecord, CallbackRecord, IvrStep, Note, Recording, RingEvent, SurveyAnswer,
    Timestamp, Visit,
};
use crate::rules::Rules;
use crate::vocab::{Outcome, Vocabulary};

/// Where a value that Arrow cannot hold came from, for the error.
#[derive(Clone, Copy)]
pub(super) struct At<'a> {
    pub row: usize,
    pub id: &'a str,
}

impl At<'_> {
    pub(super) fn err(self, column: &str, reason: impl Into<String>) -> Error {
        Error::Arrow {
            row: Some(self.row as u64),
            record_id: Some(self.id.to_string()),
            column: column.to_string(),
            reason: reason.into(),
        }
    }
}

fn micros(t: Timestamp, at: At<'_>, column: &str) -> Result<i64> {
    if !t.timestamp_subsec_nanos().is_multiple_of(1000) {
        return Err(at.err(
            column,
            format!("{t:?} has nanoseconds; timestamp[us] holds microseconds"),
        ));
    }
    Ok(t.timestamp_micros())
}

fn dur_micros(d: TimeDelta, at: At<'_>, column: &str) -> Result<i64> {
    match d.num_microseconds() {
        Some(us) if d.subsec_nanos() % 1000 == 0 => Ok(us),
        _ => Err(at.err(
            column,
            format!("{d} is not a whole number of microseconds within duration[us]"),
        )),
    }
}

struct Ts(TimestampMicrosecondBuilder);
impl Ts {
    fn new(n: usize) -> Self {
        Ts(TimestampMicrosecondBuilder::with_capacity(n).with_timezone("UTC"))
    }
    fn push(&mut self, v: Option<Timestamp>, at: At<'_>, column: &str) -> Result<()> {
        match v {
            Some(t) => self.0.append_value(micros(t, at, column)?),
            None => self.0.append_null(),
        }
        Ok(())
    }
    fn finish(mut self) -> ArrayRef {
        Arc::new(self.0.finish())
    }
}

struct Dur(DurationMicrosecondBuilder);
impl Dur {
    fn new(n: usize) -> Self {
        Dur(DurationMicrosecondBuilder::with_capacity(n))
    }
    fn push(&mut self, v: Option<TimeDelta>, at: At<'_>, column: &str) -> Result<()> {
        match v {
            Some(d) => self.0.append_value(dur_micros(d, at, column)?),
            None => self.0.append_null(),
        }
        Ok(())
    }
    fn finish(mut self) -> ArrayRef {
        Arc::new(self.0.finish())
    }
}

/// A vocabulary column: keys into the vocabulary's machine names (always the whole list, in
/// declaration order, so every batch has the same dictionary).
struct Voc<V: Vocabulary> {
    keys: Int32Builder,
    _v: std::marker::PhantomData<V>,
}
impl<V: Vocabulary> Voc<V> {
    fn new(n: usize) -> Self {
        Voc {
            keys: Int32Builder::with_capacity(n),
            _v: std::marker::PhantomData,
        }
    }
    fn push(&mut self, v: Option<V>) {
        match v {
            // ALL is short (at most a few dozen words); a scan beats hashing here.
            Some(v) => self
                .keys
                .append_value(V::ALL.iter().position(|x| *x == v).unwrap_or(0) as i32),
            None => self.keys.append_null(),
        }
    }
    fn finish(mut self) -> ArrayRef {
        let values: ArrayRef = Arc::new(StringArray::from_iter_values(
            V::ALL.iter().map(|v| v.as_str()),
        ));
        Arc::new(
            DictionaryArray::<Int32Type>::try_new(self.keys.finish(), values)
                .expect("keys index the vocabulary"),
        )
    }
}

fn text(n: usize) -> StringBuilder {
    StringBuilder::with_capacity(n, n * 8)
}

fn finish_text(mut b: StringBuilder) -> ArrayRef {
    Arc::new(b.finish())
}

/// `list<utf8>`.
struct TextList(ListBuilder<StringBuilder>);
impl TextList {
    fn new(n: usize) -> Self {
        TextList(ListBuilder::with_capacity(StringBuilder::new(), n))
    }
    fn push(&mut self, v: &[String]) {
        for s in v {
            self.0.values().append_value(s);
        }
        self.0.append(true);
    }
    fn finish(mut self) -> ArrayRef {
        Arc::new(self.0.finish())
    }
}

fn struct_fields(dt: &DataType) -> Fields {
    match dt {
        DataType::Struct(f) => f.clone(),
        DataType::List(f) => struct_fields(f.data_type()),
        other => unreachable!("not a struct type: {other}"),
    }
}

fn list_of(column: &str, offsets: Vec<i32>, values: StructArray) -> ArrayRef {
    let field = match schema::call_data_type(column).or_else(|| schema::callback_data_type(column))
    {
        Some(DataType::List(f)) => f,
        other => unreachable!("{column} is not a list column: {other:?}"),
    };
    Arc::new(ListArray::new(
        field,
        OffsetBuffer::new(offsets.into()),
        Arc::new(values),
        None,
    ))
}

fn nulls(valid: Vec<bool>) -> Option<NullBuffer> {
    if valid.iter().all(|v| *v) {
        None
    } else {
        Some(NullBuffer::from(valid))
    }
}

/// The nested parts, gathered while the rows pass and assembled at the end.
#[derive(Default)]
struct Nested<T> {
    offsets: Vec<i32>,
    items: Vec<T>,
}
impl<T: Clone> Nested<T> {
    fn new(n: usize) -> Self {
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        Nested {
            offsets,
            items: Vec::new(),
        }
    }
    fn push(&mut self, v: &[T], at: At<'_>, column: &str) -> Result<()> {
        self.items.extend_from_slice(v);
        let end = i32::try_from(self.items.len())
            .map_err(|_| at.err(column, "more than 2^31 entries in one batch"))?;
        self.offsets.push(end);
        Ok(())
    }
}

fn agents_array(n: Nested<Agent>) -> ArrayRef {
    let len = n.items.len();
    let mut id = text(len);
    let mut name = text(len);
    let mut number = text(len);
    let mut groups = TextList::new(len);
    let mut deleted = BooleanBuilder::with_capacity(len);
    for a in &n.items {
        id.append_option(a.id.as_deref());
        name.append_value(&a.name);
        number.append_option(a.number.as_deref());
        groups.push(&a.groups);
        deleted.append_value(a.deleted);
    }
    let values = StructArray::new(
        struct_fields(&schema::call_data_type("agents").expect("agents")),
        vec![
            finish_text(id),
            finish_text(name),
            finish_text(number),
            groups.finish(),
            Arc::new(deleted.finish()),
        ],
        None,
    );
    list_of("agents", n.offsets, values)
}

fn notes_array(n: Nested<Note>) -> Result<ArrayRef> {
    let len = n.items.len();
    let mut author = text(len);
    let mut at_b = Ts::new(len);
    let mut body = text(len);
    for (i, note) in n.items.iter().enumerate() {
        author.append_option(note.author.as_deref());
        at_b.push(note.at, At { row: i, id: "" }, "notes.at")?;
        body.append_value(&note.text);
    }
    let values = StructArray::new(
        struct_fields(&schema::call_data_type("notes").expect("notes")),
        vec![finish_text(author), at_b.finish(), finish_text(body)],
        None,
    );
    Ok(list_of("notes", n.offsets, values))
}

fn ring_array(n: Nested<RingEvent>) -> Result<ArrayRef> {
    let len = n.items.len();
    let mut at_b = Ts::new(len);
    let mut staff = text(len);
    let mut detail = text(len);
    for (i, e) in n.items.iter().enumerate() {
        at_b.push(e.at, At { row: i, id: "" }, "ring_history.at")?;
        staff.append_value(&e.staff_name);
        detail.append_option(e.detail.as_deref());
    }
    let values = StructArray::new(
        struct_fields(&schema::call_data_type("ring_history").expect("ring_history")),
        vec![at_b.finish(), finish_text(staff), finish_text(detail)],
        None,
    );
    Ok(list_of("ring_history", n.offsets, values))
}

fn ivr_array(n: Nested<IvrStep>) -> Result<ArrayRef> {
    let len = n.items.len();
    let mut node = text(len);
    let mut entered = Ts::new(len);
    let mut left = Ts::new(len);
    let mut choice = text(len);
    let mut detail = text(len);
    for (i, s) in n.items.iter().enumerate() {
        let at = At { row: i, id: "" };
        node.append_value(&s.node);
        entered.push(s.entered_at, at, "ivr_path.entered_at")?;
        left.push(s.left_at, at, "ivr_path.left_at")?;
        choice.append_option(s.choice.as_deref());
        detail.append_option(s.detail.as_deref());
    }
    let values = StructArray::new(
        struct_fields(&schema::call_data_type("ivr_path").expect("ivr_path")),
        vec![
            finish_text(node),
            entered.finish(),
            left.finish(),
            finish_text(choice),
            finish_text(detail),
        ],
        None,
    );
    Ok(list_of("ivr_path", n.offsets, values))
}

fn survey_array(column: &str, n: Nested<SurveyAnswer>) -> ArrayRef {
    let len = n.items.len();
    let mut index = UInt8Builder::with_capacity(len);
    let mut question = text(len);
    let mut answer = text(len);
    for s in &n.items {
        index.append_value(s.index);
        question.append_value(&s.question);
        answer.append_option(s.answer.as_deref());
    }
    let values = StructArray::new(
        struct_fields(&schema::call_data_type(column).expect("survey")),
        vec![
            Arc::new(index.finish()),
            finish_text(question),
            finish_text(answer),
        ],
        None,
    );
    list_of(column, n.offsets, values)
}

/// The `recording` struct column (null where the record has none).
struct Rec {
    valid: Vec<bool>,
    url: StringBuilder,
    duration: Dur,
    processing: BooleanBuilder,
    format: StringBuilder,
}
impl Rec {
    fn new(n: usize) -> Self {
        Rec {
            valid: Vec::with_capacity(n),
            url: text(n),
            duration: Dur::new(n),
            processing: BooleanBuilder::with_capacity(n),
            format: text(n),
        }
    }
    fn push(&mut self, r: Option<&Recording>, at: At<'_>, column: &str) -> Result<()> {
        self.valid.push(r.is_some());
        match r {
            Some(r) => {
                self.url.append_option(r.url.as_deref());
                self.duration.push(r.duration, at, column)?;
                self.processing.append_value(r.processing);
                self.format.append_option(r.format.as_deref());
            }
            None => {
                self.url.append_null();
                self.duration.push(None, at, column)?;
                self.processing.append_value(false);
                self.format.append_null();
            }
        }
        Ok(())
    }
    fn finish(mut self, fields: Fields) -> ArrayRef {
        Arc::new(StructArray::new(
            fields,
            vec![
                finish_text(self.url),
                self.duration.finish(),
                Arc::new(self.processing.finish()),
                finish_text(self.format),
            ],
            nulls(self.valid),
        ))
    }
}

/// The `visit` struct column.
struct Vis {
    valid: Vec<bool>,
    cols: [StringBuilder; 7],
}
impl Vis {
    fn new(n: usize) -> Self {
        Vis {
            valid: Vec::with_capacity(n),
            cols: std::array::from_fn(|_| text(n)),
        }
    }
    fn push(&mut self, v: Option<&Visit>) {
        self.valid.push(v.is_some());
        let vals: [Option<&str>; 7] = match v {
            Some(v) => [
                v.source.as_deref(),
                v.medium.as_deref(),
                v.campaign.as_deref(),
                v.content.as_deref(),
                v.term.as_deref(),
                v.landing_page.as_deref(),
                v.client_ip.as_deref(),
            ],
            None => [None; 7],
        };
        for (b, v) in self.cols.iter_mut().zip(vals) {
            b.append_option(v);
        }
    }
    fn finish(self, fields: Fields) -> ArrayRef {
        Arc::new(StructArray::new(
            fields,
            self.cols.into_iter().map(finish_text).collect(),
            nulls(self.valid),
        ))
    }
}

/// Checks the nested timestamps of `r` before they are gathered, so that an error names the
/// record and the entry (`notes[2].at`).
fn check_nested(r: &CallRecord, at: At<'_>) -> Result<()> {
    for (i, n) in r.notes.iter().enumerate() {
        if let Some(t) = n.at {
            micros(t, at, &format!("notes[{i}].at"))?;
        }
    }
    for (i, e) in r.ring_history.iter().enumerate() {
        if let Some(t) = e.at {
            micros(t, at, &format!("ring_history[{i}].at"))?;
        }
    }
    for (i, s) in r.ivr_path.iter().enumerate() {
        for (name, t) in [("entered_at", s.entered_at), ("left_at", s.left_at)] {
            if let Some(t) = t {
                micros(t, at, &format!("ivr_path[{i}].{name}"))?;
            }
        }
    }
    Ok(())
}

/// The price scale a set of records needs: the largest scale among their prices (0 without
/// any), so that every amount is held exactly.
pub fn price_scale_of<'a>(records: impl IntoIterator<Item = &'a CallRecord>) -> u8 {
    records
        .into_iter()
        .filter_map(|r| r.price.as_ref().map(|p| p.scale))
        .max()
        .unwrap_or(0)
        .min(MAX_PRICE_SCALE)
}

/// One `RecordBatch` of [`call_schema`](super::call_schema)`(price_scale)` holding `records`;
/// `first_row` is the position of `records[0]` in the whole set, for errors.
///
/// Fails with [`Error::Arrow`] naming the row, record id and column when a value does not
/// fit: a timestamp or duration with nanoseconds (Arrow's columns hold microseconds), or a
/// price with more digits after the point than `price_scale`.
pub fn calls_to_batch(
    records: &[CallRecord],
    price_scale: u8,
    first_row: usize,
) -> Result<RecordBatch> {
    let n = records.len();
    let price_scale = price_scale.min(MAX_PRICE_SCALE);
    let schema = schema::call_schema(price_scale);
    let mut id = text(n);
    let mut channel = Voc::new(n);
    let mut direction = Voc::new(n);
    let mut interaction_type = Voc::new(n);
    let mut call_type = Voc::new(n);
    let mut call_mode = Voc::new(n);
    let mut status = Voc::new(n);
    let mut customer_name = text(n);
    let mut from = text(n);
    let mut to = text(n);
    let mut cc = TextList::new(n);
    let mut bcc = TextList::new(n);
    let mut agents = Nested::new(n);
    let mut queue = text(n);
    let mut campaign = text(n);
    let mut scenario = text(n);
    let mut scenario_url = text(n);
    let mut times: [Ts; 11] = std::array::from_fn(|_| Ts::new(n));
    let mut reported: [Dur; 8] = std::array::from_fn(|_| Dur::new(n));
    let mut end_reason = text(n);
    let mut disconnect_side = Voc::new(n);
    let mut hold_count = UInt32Builder::with_capacity(n);
    let mut attempt_result = Voc::new(n);
    let mut completion_code = text(n);
    let mut callback_at = Ts::new(n);
    let mut attempts = UInt32Builder::with_capacity(n);
    let mut tags = TextList::new(n);
    let mut topics = TextList::new(n);
    let mut categories = TextList::new(n);
    let mut classifier = text(n);
    let mut notes = Nested::new(n);
    let mut manager_rating = UInt8Builder::with_capacity(n);
    let mut call_rating = UInt8Builder::with_capacity(n);
    let mut recording = Rec::new(n);
    let mut price = Decimal128Builder::with_capacity(n)
        .with_precision_and_scale(38, price_scale as i8)
        .expect("scale <= 18 fits precision 38");
    let mut price_scale_col = UInt8Builder::with_capacity(n);
    let mut price_currency = text(n);
    let mut co_browse = BooleanBuilder::with_capacity(n);
    let mut ring = Nested::new(n);
    let mut texts8: [StringBuilder; 8] = std::array::from_fn(|_| text(n));
    let mut pre = Nested::new(n);
    let mut post = Nested::new(n);
    let mut visit = Vis::new(n);
    let mut ids4: [StringBuilder; 4] = std::array::from_fn(|_| text(n));
    let mut ivr = Nested::new(n);
    let mut extra = MapBuilder::new(
        Some(MapFieldNames {
            entry: "entries".into(),
            key: "key".into(),
            value: "value".into(),
        }),
        StringBuilder::new(),
        StringBuilder::new(),
    );

    for (i, r) in records.iter().enumerate() {
        let at = At {
            row: first_row + i,
            id: &r.id,
        };
        id.append_value(&r.id);
        channel.push(Some(r.channel));
        direction.push(r.direction);
        interaction_type.push(r.interaction_type);
        call_type.push(r.call_type);
        call_mode.push(r.call_mode);
        status.push(r.status);
        customer_name.append_option(r.customer_name.as_deref());
        from.append_option(r.from.as_deref());
        to.append_option(r.to.as_deref());
        cc.push(&r.cc);
        bcc.push(&r.bcc);
        check_nested(r, at)?;
        agents.push(&r.agents, at, "agents")?;
        queue.append_option(r.queue.as_deref());
        campaign.append_option(r.campaign.as_deref());
        scenario.append_option(r.scenario.as_deref());
        scenario_url.append_option(r.scenario_url.as_deref());
        let t = &r.timeline;
        let tv = [
            t.started_at,
            t.dial_started_at,
            t.enqueued_at,
            t.dequeued_at,
            t.offered_at,
            t.answered_or_cancelled_at,
            t.talk_started_at,
            t.talk_ended_at,
            t.after_call_work_started_at,
            t.after_call_work_ended_at,
            t.closed_at,
        ];
        for (k, (b, v)) in times.iter_mut().zip(tv).enumerate() {
            b.push(v, at, schema::TIMELINE[k])?;
        }
        let d = &r.reported;
        let dv = [
            d.wait,
            d.dial,
            d.talk,
            d.agent_talk,
            d.ivr,
            d.hold,
            d.after_call_work,
            d.total,
        ];
        for (k, (b, v)) in reported.iter_mut().zip(dv).enumerate() {
            b.push(v, at, schema::REPORTED[k])?;
        }
        end_reason.append_option(r.end_reason.as_deref());
        disconnect_side.push(r.disconnect_side);
        hold_count.append_option(r.hold_count);
        attempt_result.push(r.attempt_result);
        completion_code.append_option(r.completion_code.as_deref());
        callback_at.push(r.callback_at, at, "callback_at")?;
        attempts.append_option(r.attempts);
        tags.push(&r.tags);
        topics.push(&r.topics);
        categories.push(&r.categories);
        classifier.append_option(r.classifier.as_deref());
        notes.push(&r.notes, at, "notes")?;
        manager_rating.append_option(r.manager_rating);
        call_rating.append_option(r.call_rating);
        recording.push(r.recording.as_ref(), at, "recording.duration")?;
        match &r.price {
            Some(p) => {
                if p.scale > price_scale {
                    return Err(at.err(
                        "price",
                        format!(
                            "{p} has {} digits after the point; the column holds {price_scale}",
                            p.scale
                        ),
                    ));
                }
                price.append_value(p.units as i128 * 10i128.pow((price_scale - p.scale) as u32));
                price_scale_col.append_value(p.scale);
                price_currency.append_value(&p.currency);
            }
            None => {
                price.append_null();
                price_scale_col.append_null();
                price_currency.append_null();
            }
        }
        co_browse.append_value(r.co_browse);
        ring.push(&r.ring_history, at, "ring_history")?;
        let tv8 = [
            &r.brand,
            &r.service,
            &r.menu,
            &r.staff_memo,
            &r.customer_user_agent,
            &r.staff_user_agent,
            &r.extra_info,
            &r.chat_log,
        ];
        for (b, v) in texts8.iter_mut().zip(tv8) {
            b.append_option(v.as_deref());
        }
        pre.push(&r.pre_survey, at, "pre_survey")?;
        post.push(&r.post_survey, at, "post_survey")?;
        visit.push(r.visit.as_ref());
        let iv4 = [
            &r.record_id,
            &r.significant_field,
            &r.ticket_id,
            &r.request_id,
        ];
        for (b, v) in ids4.iter_mut().zip(iv4) {
            b.append_option(v.as_deref());
        }
        ivr.push(&r.ivr_path, at, "ivr_path")?;
        for (k, v) in &r.extra {
            extra.keys().append_value(k);
            extra.values().append_value(v);
        }
        extra
            .append(true)
            .map_err(|e| at.err("extra", e.to_string()))?;
    }

    let field_type = |name: &str| {
        schema
            .field_with_name(name)
            .expect("schema column")
            .data_type()
            .clone()
    };
    let mut cols: Vec<ArrayRef> = vec![
        finish_text(id),
        channel.finish(),
        direction.finish(),
        interaction_type.finish(),
        call_type.finish(),
        call_mode.finish(),
        status.finish(),
        finish_text(customer_name),
        finish_text(from),
        finish_text(to),
        cc.finish(),
        bcc.finish(),
        agents_array(agents),
        finish_text(queue),
        finish_text(campaign),
        finish_text(scenario),
        finish_text(scenario_url),
    ];
    cols.extend(times.into_iter().map(Ts::finish));
    cols.extend(reported.into_iter().map(Dur::finish));
    cols.extend([
        finish_text(end_reason),
        disconnect_side.finish(),
        Arc::new(hold_count.finish()) as ArrayRef,
        attempt_result.finish(),
        finish_text(completion_code),
        callback_at.finish(),
        Arc::new(attempts.finish()),
        tags.finish(),
        topics.finish(),
        categories.finish(),
        finish_text(classifier),
        notes_array(notes)?,
        Arc::new(manager_rating.finish()),
        Arc::new(call_rating.finish()),
        recording.finish(struct_fields(&field_type("recording"))),
        Arc::new(price.finish()),
        Arc::new(price_scale_col.finish()),
        finish_text(price_currency),
        Arc::new(co_browse.finish()) as ArrayRef,
        ring_array(ring)?,
    ]);
    cols.extend(texts8.into_iter().map(finish_text));
    cols.extend([
        survey_array("pre_survey", pre),
        survey_array("post_survey", post),
        visit.finish(struct_fields(&field_type("visit"))),
    ]);
    cols.extend(ids4.into_iter().map(finish_text));
    cols.push(ivr_array(ivr)?);
    let extra = extra.finish();
    cols.push(Arc::new(extra));
    RecordBatch::try_new(schema, cols).map_err(|e| Error::Internal(format!("arrow batch: {e}")))
}

/// One `RecordBatch` of [`callback_schema`](super::callback_schema) holding `records`.
pub fn callbacks_to_batch(records: &[CallbackRecord], first_row: usize) -> Result<RecordBatch> {
    let n = records.len();
    let schema = schema::callback_schema();
    let mut id = text(n);
    let mut registered_at = Ts::new(n);
    let mut incoming_at = Ts::new(n);
    let mut assignee = text(n);
    let mut state = Voc::new(n);
    let mut texts: [StringBuilder; 5] = std::array::from_fn(|_| text(n));
    let mut recording = Rec::new(n);
    let mut memo = text(n);
    for (i, r) in records.iter().enumerate() {
        let at = At {
            row: first_row + i,
            id: &r.id,
        };
        id.append_value(&r.id);
        registered_at.push(r.registered_at, at, "registered_at")?;
        incoming_at.push(r.incoming_at, at, "incoming_at")?;
        assignee.append_option(r.assignee.as_deref());
        state.push(Some(r.state));
        let tv = [
            &r.call_center,
            &r.business_label,
            &r.caller_number,
            &r.our_number,
            &r.request_id,
        ];
        for (b, v) in texts.iter_mut().zip(tv) {
            b.append_option(v.as_deref());
        }
        recording.push(r.recording.as_ref(), at, "recording.duration")?;
        memo.append_option(r.memo.as_deref());
    }
    let rec_fields = struct_fields(
        schema
            .field_with_name("recording")
            .expect("recording")
            .data_type(),
    );
    let mut cols: Vec<ArrayRef> = vec![
        finish_text(id),
        registered_at.finish(),
        incoming_at.finish(),
        finish_text(assignee),
        state.finish(),
    ];
    cols.extend(texts.into_iter().map(finish_text));
    cols.push(recording.finish(rec_fields));
    cols.push(finish_text(memo));
    RecordBatch::try_new(schema, cols).map_err(|e| Error::Internal(format!("arrow batch: {e}")))
}

/// Records as a stream of `RecordBatch`es of at most `batch_size` rows, built as they are
/// pulled: an [`arrow_array::RecordBatchReader`] that borrows or owns the records.
///
/// ```
/// use arrow_array::RecordBatchReader;
/// use calllog::arrow::CallBatches;
///
/// let records: Vec<_> = calllog::sample::generate(2_500, 7).collect();
/// let batches = CallBatches::new(&records[..], 1_000);
/// assert_eq!(batches.schema().field(0).name(), "id");
/// let sizes: Vec<usize> = batches.map(|b| b.unwrap().num_rows()).collect();
/// assert_eq!(sizes, [1_000, 1_000, 500]);
/// ```
pub struct CallBatches<R> {
    records: R,
    next: usize,
    batch_size: usize,
    price_scale: u8,
    schema: SchemaRef,
    derived: Option<Rules>,
}

impl<R: AsRef<[CallRecord]>> CallBatches<R> {
    /// Batches of `batch_size` rows (at least 1) over `records`, with the price column's scale
    /// fitted to the records ([`price_scale_of`]).
    pub fn new(records: R, batch_size: usize) -> Self {
        let scale = price_scale_of(records.as_ref());
        Self::with_price_scale(records, batch_size, scale)
    }

    /// Like [`new`](Self::new) with a chosen scale for the `price` column (at most 18); a price
    /// with more digits is an error naming its row.
    pub fn with_price_scale(records: R, batch_size: usize, price_scale: u8) -> Self {
        let price_scale = price_scale.min(MAX_PRICE_SCALE);
        CallBatches {
            records,
            next: 0,
            batch_size: batch_size.max(1),
            price_scale,
            schema: schema::call_schema(price_scale),
            derived: None,
        }
    }

    /// Adds the derived columns ([`DERIVED`](super::DERIVED)) computed under `rules` after the
    /// record's own: what a DataFrame user analyses. Readers skip them.
    ///
    /// ```
    /// use calllog::arrow::CallBatches;
    /// let records: Vec<_> = calllog::sample::generate(10, 1).collect();
    /// let b = CallBatches::new(&records[..], 10)
    ///     .with_derived(calllog::Rules::default())
    ///     .next()
    ///     .unwrap()
    ///     .unwrap();
    /// assert!(b.column_by_name("talk").is_some() && b.column_by_name("outcome").is_some());
    /// ```
    pub fn with_derived(mut self, rules: Rules) -> Self {
        self.schema = schema::call_schema_with_derived(self.price_scale);
        self.derived = Some(rules);
        self
    }
}

/// One batch of `rows` in `schema` (the call schema of `price_scale`, with the derived
/// columns under `derived` when given); `first_row` as in [`calls_to_batch`].
pub(super) fn batch_with_derived(
    rows: &[CallRecord],
    price_scale: u8,
    derived: Option<&Rules>,
    schema: &SchemaRef,
    first_row: usize,
) -> Result<RecordBatch> {
    let batch = calls_to_batch(rows, price_scale, first_row)?;
    let Some(rules) = derived else {
        return Ok(batch);
    };
    let mut cols = batch.columns().to_vec();
    cols.extend(derived_columns(rows, rules, first_row)?);
    RecordBatch::try_new(schema.clone(), cols).map_err(|e| super::from_arrow_error(e, first_row))
}

/// The derived columns of `records` under `rules`, in the order of
/// [`derived_fields`](super::derived_fields); `first_row` as in [`calls_to_batch`].
pub fn derived_columns(
    records: &[CallRecord],
    rules: &Rules,
    first_row: usize,
) -> Result<Vec<ArrayRef>> {
    let n = records.len();
    let mut durs: Vec<Dur> = (0..9).map(|_| Dur::new(n)).collect();
    let mut outcome = Voc::<Outcome>::new(n);
    let mut success = BooleanBuilder::with_capacity(n);
    for (i, r) in records.iter().enumerate() {
        let at = At {
            row: first_row + i,
            id: &r.id,
        };
        let d = rules.derive(r);
        let values = [
            d.wait,
            d.dial,
            d.talk,
            d.agent_talk,
            d.ivr,
            d.hold,
            d.after_call_work,
            d.total,
            d.handle,
        ];
        for ((b, v), name) in durs.iter_mut().zip(values).zip(super::DERIVED) {
            b.push(v, at, name)?;
        }
        outcome.push(Some(d.outcome));
        success.append_value(d.success);
    }
    let mut out: Vec<ArrayRef> = durs.into_iter().map(Dur::finish).collect();
    out.push(outcome.finish());
    out.push(Arc::new(success.finish()));
    Ok(out)
}

impl<R: AsRef<[CallRecord]>> Iterator for CallBatches<R> {
    type Item = std::result::Result<RecordBatch, arrow_schema::ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let all = self.records.as_ref();
        if self.next >= all.len() {
            return None;
        }
        let end = (self.next + self.batch_size).min(all.len());
        let rows = &all[self.next..end];
        let out = batch_with_derived(
            rows,
            self.price_scale,
            self.derived.as_ref(),
            &self.schema,
            self.next,
        )
        .map_err(|e| arrow_schema::ArrowError::ExternalError(Box::new(e)));
        self.next = end;
        Some(out)
    }
}

impl<R: AsRef<[CallRecord]>> arrow_array::RecordBatchReader for CallBatches<R> {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}

//! The Arrow boundary: records → batches → records is the identity, money and missing values
//! stay exact, and what DataFrame libraries hold is read or refused with an error naming the
//! row, the record and the column.
#![cfg(feature = "arrow")]

mod common;

use std::sync::Arc;

use calllog::arrow::reexports::arrow_array::{
    self as aa, Array, ArrayRef, RecordBatch, RecordBatchIterator,
};
use calllog::arrow::reexports::arrow_schema::{ArrowError, DataType, Field, Fields, Schema};
use calllog::arrow::{
    CallBatches, CallReader, DERIVED, ReadOptions, batch_to_callbacks, batch_to_calls, call_schema,
    callback_schema, callbacks_to_batch, calls_from_ipc, calls_to_batch, calls_to_ipc,
    price_scale_of,
};
use calllog::{CallRecord, Channel, Error, Money, SurveyAnswer, ts};
use chrono::TimeDelta;

fn seeds() -> Vec<CallRecord> {
    vec![
        common::seed000_answered(),
        common::seed000_cancelled(),
        common::seed002_accepted(),
        common::seed002_busy_other_group(),
        common::seed004_ivr(),
        common::seed004_sms(),
    ]
}

fn read_all(batches: Vec<RecordBatch>, opts: ReadOptions) -> calllog::Result<Vec<CallRecord>> {
    CallReader::new(batches.into_iter().map(Ok), opts).collect()
}

/// A batch of the given columns (all nullable).
fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let fields: Vec<Field> = cols
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        cols.into_iter().map(|(_, a)| a).collect(),
    )
    .unwrap()
}

fn ids(v: &[&str]) -> ArrayRef {
    Arc::new(aa::StringArray::from(v.to_vec()))
}

fn arrow_err(e: Error) -> (Option<u64>, Option<String>, String, String) {
    match e {
        Error::Arrow {
            row,
            record_id,
            column,
            reason,
        } => (row, record_id, column, reason),
        other => panic!("expected Error::Arrow, got {other:?}"),
    }
}

#[test]
fn ten_thousand_sample_records_round_trip_in_batches_of_1024() {
    let records: Vec<_> = calllog::sample::generate(10_000, 7).collect();
    let batches: Vec<_> = CallBatches::new(&records[..], 1_024)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(batches.len(), 10);
    assert!(batches[..9].iter().all(|b| b.num_rows() == 1_024));
    assert_eq!(batches[9].num_rows(), 10_000 - 9 * 1_024);
    let back = read_all(batches, ReadOptions::new()).unwrap();
    assert_eq!(back.len(), records.len());
    for (a, b) in back.iter().zip(&records) {
        assert_eq!(a, b, "record {}", b.id);
    }
}

#[test]
fn ipc_stream_and_file_round_trip() {
    let records: Vec<_> = calllog::sample::generate(2_000, 11).collect();
    let bytes = calls_to_ipc(&records, 500).unwrap();
    let back: Vec<_> = calls_from_ipc(&bytes, ReadOptions::new())
        .unwrap()
        .collect::<calllog::Result<_>>()
        .unwrap();
    assert_eq!(back, records);

    // The IPC file format (what `pyarrow.feather` / `tableToIPC(t, 'file')` write).
    let scale = price_scale_of(&records);
    let mut w = calllog::arrow::reexports::arrow_ipc::writer::FileWriter::try_new(
        Vec::new(),
        &call_schema(scale),
    )
    .unwrap();
    for b in CallBatches::with_price_scale(&records[..], 700, scale) {
        w.write(&b.unwrap()).unwrap();
    }
    w.finish().unwrap();
    let file = w.into_inner().unwrap();
    assert!(file.starts_with(b"ARROW1"));
    let back: Vec<_> = calls_from_ipc(&file, ReadOptions::new())
        .unwrap()
        .collect::<calllog::Result<_>>()
        .unwrap();
    assert_eq!(back, records);

    let e = calls_from_ipc(b"not arrow at all", ReadOptions::new())
        .map(|r| r.collect::<calllog::Result<Vec<_>>>())
        .and_then(|r| r)
        .unwrap_err();
    assert!(e.to_string().contains("Arrow IPC"), "{e}");
}

#[test]
fn every_seed_record_round_trips_with_its_derived_values() {
    let records = seeds();
    let b = calls_to_batch(&records, price_scale_of(&records), 0).unwrap();
    assert_eq!(b.schema().fields().len(), call_schema(0).fields().len());
    let back = batch_to_calls(&b, &ReadOptions::new(), 0).unwrap();
    assert_eq!(back, records);
    for (a, r) in back.iter().zip(&records) {
        assert_eq!(a.derived(), r.derived(), "{}", r.id);
    }
    // The Japanese staff names and the IVR path are there as nested columns.
    let agents = b.column_by_name("agents").unwrap();
    assert!(matches!(agents.data_type(), DataType::List(_)));
    let ivr = b.column_by_name("ivr_path").unwrap();
    assert_eq!(ivr.null_count(), 0);
}

#[test]
fn seed001_callbacks_round_trip() {
    let cbs = common::seed001_callbacks();
    let b = callbacks_to_batch(&cbs, 0).unwrap();
    assert_eq!(b.schema(), callback_schema());
    let back = batch_to_callbacks(&b, &ReadOptions::new(), 0).unwrap();
    assert_eq!(back, cbs);
}

#[test]
fn an_empty_text_and_a_zero_duration_are_not_missing_values() {
    let mut r = CallRecord::new("Z-1", Channel::Voice);
    r.customer_name = Some(String::new());
    r.reported.talk = Some(TimeDelta::zero());
    r.tags = vec![String::new()];
    let plain = CallRecord::new("Z-2", Channel::Voice);
    let recs = vec![r.clone(), plain.clone()];
    let b = calls_to_batch(&recs, 0, 0).unwrap();
    let name = b.column_by_name("customer_name").unwrap();
    assert!(name.is_valid(0) && name.is_null(1));
    let talk = b.column_by_name("reported_talk").unwrap();
    assert!(talk.is_valid(0) && talk.is_null(1));
    assert!(b.column_by_name("reported_wait").unwrap().is_null(0));
    let back = batch_to_calls(&b, &ReadOptions::new(), 0).unwrap();
    assert_eq!(back, recs);
    assert_eq!(back[0].customer_name.as_deref(), Some(""));
    assert_eq!(back[1].customer_name, None);
    assert_eq!(back[0].reported.talk, Some(TimeDelta::zero()));
    assert_eq!(back[0].reported.wait, None);
}

#[test]
fn fifty_and_fifty_survey_answers_round_trip() {
    let mut r = common::seed000_answered();
    r.pre_survey = (1..=50)
        .map(|i| SurveyAnswer {
            index: i,
            question: format!("事前{i}"),
            answer: (i % 3 != 0).then(|| format!("回答{i}")),
        })
        .collect();
    r.post_survey = (1..=50)
        .map(|i| SurveyAnswer {
            index: i,
            question: format!("事後{i}"),
            answer: Some(String::new()),
        })
        .collect();
    let b = calls_to_batch(std::slice::from_ref(&r), 0, 0).unwrap();
    let back = batch_to_calls(&b, &ReadOptions::new(), 0).unwrap();
    assert_eq!(back, vec![r]);
}

#[test]
fn prices_are_exact_and_keep_their_own_scale() {
    let mut eur = CallRecord::new("P-1", Channel::Voice);
    eur.price = Some(Money::new(150, 2, "EUR"));
    let mut usd = CallRecord::new("P-2", Channel::Voice);
    usd.price = Some(Money::new(125, 4, "USD"));
    let none = CallRecord::new("P-3", Channel::Voice);
    let recs = vec![eur, usd, none];
    assert_eq!(price_scale_of(&recs), 4);
    let b = calls_to_batch(&recs, 4, 0).unwrap();
    let price = b.column_by_name("price").unwrap();
    assert_eq!(price.data_type(), &DataType::Decimal128(38, 4));
    let p = price
        .as_any()
        .downcast_ref::<aa::Decimal128Array>()
        .unwrap();
    assert_eq!(p.value(0), 15_000);
    assert_eq!(p.value(1), 125);
    assert!(p.is_null(2));
    assert!(b.column_by_name("price_currency").unwrap().is_null(2));
    let back = batch_to_calls(&b, &ReadOptions::new(), 0).unwrap();
    assert_eq!(back, recs);
    assert_eq!(back[0].price.as_ref().unwrap().to_string(), "1.50 EUR");

    // A scale smaller than a record's is refused, naming it, never rounded.
    let (row, id, col, _) = arrow_err(calls_to_batch(&recs, 2, 40).unwrap_err());
    assert_eq!(
        (row, id.as_deref(), col.as_str()),
        (Some(41), Some("P-2"), "price")
    );
}

#[test]
fn a_timestamp_with_nanoseconds_is_an_error_naming_row_record_and_column() {
    let mut recs: Vec<_> = calllog::sample::generate(5, 1).collect();
    let t = ts("2024-05-01T10:00:00.123456789+09:00");
    recs[3].timeline.talk_started_at = Some(t);
    let id = recs[3].id.clone();
    let e = CallBatches::new(&recs[..], 2)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_err();
    let e = calllog::arrow::from_arrow_error(e, 0);
    let (row, rid, col, reason) = arrow_err(e);
    assert_eq!(row, Some(3));
    assert_eq!(rid.as_deref(), Some(id.as_str()));
    assert_eq!(col, "talk_started_at");
    assert!(reason.contains("nanosecond"), "{reason}");
}

#[test]
fn unknown_columns_are_errors_unless_ignored_and_derived_columns_are_skipped() {
    let b = batch(vec![("id", ids(&["U-1"])), ("colour", ids(&["blue"]))]);
    let (_, _, col, reason) = arrow_err(batch_to_calls(&b, &ReadOptions::new(), 0).unwrap_err());
    assert_eq!(col, "colour");
    assert!(reason.contains("unknown"), "{reason}");
    let r = batch_to_calls(&b, &ReadOptions::new().ignore_unknown(true), 0).unwrap();
    assert_eq!(r[0].id, "U-1");

    // A table that came from an export with derived columns: they are computed, not read.
    let mut cols: Vec<(&str, ArrayRef)> = vec![("id", ids(&["D-1"]))];
    for d in DERIVED {
        cols.push((d, ids(&["nonsense"])));
    }
    let r = batch_to_calls(&batch(cols), &ReadOptions::new(), 0).unwrap();
    assert_eq!(r[0].derived().talk, None);

    // An unknown field inside a struct is named with its path.
    let visit = aa::StructArray::from(vec![
        (
            Arc::new(Field::new("source", DataType::Utf8, true)),
            ids(&["google"]),
        ),
        (
            Arc::new(Field::new("colour", DataType::Utf8, true)),
            ids(&["blue"]),
        ),
    ]);
    let b = batch(vec![("id", ids(&["V-1"])), ("visit", Arc::new(visit))]);
    let (_, _, col, _) = arrow_err(batch_to_calls(&b, &ReadOptions::new(), 0).unwrap_err());
    assert_eq!(col, "visit.colour");
}

#[test]
fn missing_columns_read_as_blank_and_plain_text_vocabularies_parse() {
    let b = batch(vec![
        ("id", ids(&["M-1", "M-2"])),
        ("channel", ids(&["chat", "voice"])),
        (
            "status",
            Arc::new(aa::StringArray::from(vec![None, Some("answered")])),
        ),
    ]);
    let r = batch_to_calls(&b, &ReadOptions::new(), 0).unwrap();
    assert_eq!(r[0].channel, Channel::Chat);
    assert_eq!(r[0].status, None);
    assert_eq!(r[1].status, Some(calllog::ContactStatus::Answered));
    let mut blank = CallRecord::new("M-2", Channel::Voice);
    blank.status = Some(calllog::ContactStatus::Answered);
    assert_eq!(r[1], blank);

    // No `id` column at all is refused: every record needs one.
    let b = batch(vec![("channel", ids(&["chat"]))]);
    let (_, _, col, _) = arrow_err(batch_to_calls(&b, &ReadOptions::new(), 0).unwrap_err());
    assert_eq!(col, "id");
}

#[test]
fn an_unknown_vocabulary_value_names_row_record_and_column() {
    let b = batch(vec![
        ("id", ids(&["W-1", "W-2"])),
        ("channel", ids(&["voice", "pigeon"])),
    ]);
    let (row, id, col, reason) =
        arrow_err(batch_to_calls(&b, &ReadOptions::new(), 100).unwrap_err());
    assert_eq!(row, Some(101));
    assert_eq!(id.as_deref(), Some("W-2"));
    assert_eq!(col, "channel");
    assert!(reason.contains("pigeon"), "{reason}");

    // The same through a dictionary column.
    let dict: aa::DictionaryArray<aa::types::Int32Type> =
        vec!["voice", "pigeon"].into_iter().collect();
    let b = batch(vec![
        ("id", ids(&["W-1", "W-2"])),
        ("channel", Arc::new(dict)),
    ]);
    let (row, _, col, _) = arrow_err(batch_to_calls(&b, &ReadOptions::new(), 0).unwrap_err());
    assert_eq!((row, col.as_str()), (Some(1), "channel"));
}

#[test]
fn a_naive_timestamp_is_refused_and_other_units_and_zones_are_read() {
    let naive = aa::TimestampMicrosecondArray::from(vec![Some(0i64)]);
    let b = batch(vec![("id", ids(&["T-1"])), ("started_at", Arc::new(naive))]);
    let (_, _, col, reason) = arrow_err(batch_to_calls(&b, &ReadOptions::new(), 0).unwrap_err());
    assert_eq!(col, "started_at");
    assert!(reason.contains("time zone"), "{reason}");

    // Milliseconds in Tokyo time, seconds-based durations, large and view strings.
    let t = ts("2024-05-01T10:00:00.250+09:00");
    let ms = aa::TimestampMillisecondArray::from(vec![Some(t.timestamp_millis())])
        .with_timezone("Asia/Tokyo");
    let dur = aa::DurationSecondArray::from(vec![Some(95i64)]);
    let b = batch(vec![
        ("id", Arc::new(aa::LargeStringArray::from(vec!["T-2"]))),
        (
            "customer_name",
            Arc::new(aa::StringViewArray::from(vec!["Łukasz Wiśniewski"])),
        ),
        ("started_at", Arc::new(ms)),
        ("reported_talk", Arc::new(dur)),
        (
            "hold_count",
            Arc::new(aa::Int64Array::from(vec![Some(3i64)])),
        ),
    ]);
    let r = batch_to_calls(&b, &ReadOptions::new(), 0).unwrap();
    assert_eq!(r[0].id, "T-2");
    assert_eq!(r[0].customer_name.as_deref(), Some("Łukasz Wiśniewski"));
    assert_eq!(r[0].timeline.started_at, Some(t));
    assert_eq!(r[0].reported.talk, Some(TimeDelta::seconds(95)));
    assert_eq!(r[0].hold_count, Some(3));
}

#[test]
fn an_integer_out_of_range_names_its_row() {
    let b = batch(vec![
        ("id", ids(&["H-1", "H-2"])),
        (
            "hold_count",
            Arc::new(aa::Int64Array::from(vec![Some(1i64), Some(-2)])),
        ),
    ]);
    let (row, id, col, reason) = arrow_err(batch_to_calls(&b, &ReadOptions::new(), 0).unwrap_err());
    assert_eq!(
        (row, id.as_deref(), col.as_str()),
        (Some(1), Some("H-2"), "hold_count")
    );
    assert!(reason.contains("-2"), "{reason}");
}

#[test]
fn extra_reads_as_a_map_or_as_a_list_of_key_value_structs() {
    // What pandas/polars give for a dict column: list<struct{key, value}>.
    let mut ob = aa::builder::OffsetBufferBuilder::<i32>::new(1);
    ob.push_length(2);
    let list = aa::ListArray::new(
        Arc::new(Field::new(
            "item",
            DataType::Struct(Fields::from(vec![
                Field::new("key", DataType::Utf8, true),
                Field::new("value", DataType::Utf8, true),
            ])),
            true,
        )),
        ob.finish(),
        Arc::new(aa::StructArray::new(
            Fields::from(vec![
                Field::new("key", DataType::Utf8, true),
                Field::new("value", DataType::Utf8, true),
            ]),
            vec![ids(&["crm", "lang"]), ids(&["42", "ru"])],
            None,
        )),
        None,
    );
    let b = batch(vec![("id", ids(&["E-1"])), ("extra", Arc::new(list))]);
    let r = batch_to_calls(&b, &ReadOptions::new(), 0).unwrap();
    assert_eq!(r[0].extra.get("crm").map(String::as_str), Some("42"));
    assert_eq!(r[0].extra.get("lang").map(String::as_str), Some("ru"));

    // And as the map our own schema writes.
    let mut rec = CallRecord::new("E-2", Channel::Voice);
    rec.extra.insert("crm".into(), "42".into());
    let b = calls_to_batch(std::slice::from_ref(&rec), 0, 0).unwrap();
    assert!(matches!(
        b.column_by_name("extra").unwrap().data_type(),
        DataType::Map(..)
    ));
    assert_eq!(
        batch_to_calls(&b, &ReadOptions::new(), 0).unwrap(),
        vec![rec]
    );
}

#[test]
fn a_required_nested_field_that_is_null_names_its_path() {
    let records = vec![common::seed000_answered()];
    let b = calls_to_batch(&records, 0, 0).unwrap();
    // Rebuild `agents` with a null name for the second agent.
    let agents = b
        .column_by_name("agents")
        .unwrap()
        .as_any()
        .downcast_ref::<aa::ListArray>()
        .unwrap()
        .clone();
    let (field, offsets, values, nulls) = agents.into_parts();
    let values = values.as_any().downcast_ref::<aa::StructArray>().unwrap();
    let (fields, mut arrays, snulls) = values.clone().into_parts();
    let k = fields.iter().position(|f| f.name() == "name").unwrap();
    arrays[k] = Arc::new(aa::StringArray::from(vec![Some("佐藤"), None]));
    let fields: Fields = fields
        .iter()
        .map(|f| Arc::new(f.as_ref().clone().with_nullable(true)))
        .collect::<Vec<_>>()
        .into();
    let values = aa::StructArray::new(fields.clone(), arrays, snulls);
    let field = Arc::new(
        field
            .as_ref()
            .clone()
            .with_data_type(DataType::Struct(fields)),
    );
    let agents = aa::ListArray::new(field, offsets, Arc::new(values), nulls);
    let b = batch(vec![("id", ids(&["A-0001"])), ("agents", Arc::new(agents))]);
    let (row, id, col, _) = arrow_err(batch_to_calls(&b, &ReadOptions::new(), 7).unwrap_err());
    assert_eq!((row, id.as_deref()), (Some(7), Some("A-0001")));
    assert_eq!(col, "agents[1].name");
}

#[test]
fn a_reader_streams_batch_by_batch_and_counts_rows() {
    let records: Vec<_> = calllog::sample::generate(3_000, 5).collect();
    let schema = call_schema(price_scale_of(&records));
    let batches: Vec<Result<RecordBatch, ArrowError>> =
        CallBatches::new(&records[..], 1_000).collect();
    let reader = RecordBatchIterator::new(batches, schema);
    let mut r = CallReader::new(reader, ReadOptions::new());
    let first = r.next_batch().unwrap().unwrap();
    assert_eq!(first.len(), 1_000);
    assert_eq!(r.rows_read(), 1_000);
    let rest: Vec<_> = r.collect::<calllog::Result<_>>().unwrap();
    assert_eq!(rest.len(), 2_000);
    assert_eq!(&rest[..], &records[1_000..]);
}

#[test]
fn nanosecond_timestamps_from_pandas_are_read_exactly() {
    // pandas and polars hold timestamps in nanoseconds; the model keeps them as they are
    // (writing them back to Arrow's microsecond columns is the error, not a rounding).
    let t = ts("2024-05-01T10:00:00.000001Z");
    let ns = aa::TimestampNanosecondArray::from(vec![
        Some(t.timestamp_nanos_opt().unwrap()),
        Some(t.timestamp_nanos_opt().unwrap() + 1),
    ])
    .with_timezone("UTC");
    let b = batch(vec![
        ("id", ids(&["N-1", "N-2"])),
        ("closed_at", Arc::new(ns)),
    ]);
    let r = batch_to_calls(&b, &ReadOptions::new(), 0).unwrap();
    assert_eq!(r[0].timeline.closed_at, Some(t));
    assert_eq!(r[1].timeline.closed_at, Some(t + TimeDelta::nanoseconds(1)));
    let (row, id, col, _) = arrow_err(calls_to_batch(&r, 0, 0).unwrap_err());
    assert_eq!(
        (row, id.as_deref(), col.as_str()),
        (Some(1), Some("N-2"), "closed_at")
    );
}

#[test]
fn derived_columns_follow_the_rules_and_are_skipped_on_reading() {
    let records = seeds();
    for rules in [
        calllog::Rules::default(),
        calllog::Rules::preset("voximplant").unwrap(),
    ] {
        let b = CallBatches::new(&records[..], 100)
            .with_derived(rules)
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(
            b.schema(),
            calllog::arrow::call_schema_with_derived(price_scale_of(&records))
        );
        let talk = b
            .column_by_name("talk")
            .unwrap()
            .as_any()
            .downcast_ref::<aa::DurationMicrosecondArray>()
            .unwrap()
            .clone();
        let success = b
            .column_by_name("success")
            .unwrap()
            .as_any()
            .downcast_ref::<aa::BooleanArray>()
            .unwrap()
            .clone();
        for (i, r) in records.iter().enumerate() {
            let d = rules.derive(r);
            let cell = talk
                .is_valid(i)
                .then(|| TimeDelta::microseconds(talk.value(i)));
            assert_eq!(cell, d.talk, "{}", r.id);
            assert_eq!(success.value(i), d.success, "{}", r.id);
        }
        assert_eq!(batch_to_calls(&b, &ReadOptions::new(), 0).unwrap(), records);
    }
}

#[test]
fn what_pandas_and_duckdb_hold_is_read_floats_intervals_and_null_columns() {
    use calllog::arrow::reexports::arrow_array::types::IntervalMonthDayNano;
    // pandas' whole numbers with missing values, DuckDB's INTERVAL, an all-None column
    let b = batch(vec![
        ("id", ids(&["F-1", "F-2"])),
        (
            "hold_count",
            Arc::new(aa::Float64Array::from(vec![Some(2.0), None])),
        ),
        (
            "reported_talk",
            Arc::new(aa::IntervalMonthDayNanoArray::from(vec![
                Some(IntervalMonthDayNano::new(0, 1, 5_000_000_000)),
                None,
            ])),
        ),
        ("queue", Arc::new(aa::NullArray::new(2))),
    ]);
    let r = batch_to_calls(&b, &ReadOptions::new(), 0).unwrap();
    assert_eq!((r[0].hold_count, r[1].hold_count), (Some(2), None));
    assert_eq!(r[0].reported.talk, Some(TimeDelta::seconds(86_405)));
    assert_eq!((r[0].queue.as_deref(), r[1].reported.talk), (None, None));

    let b = batch(vec![
        ("id", ids(&["F-1", "F-2"])),
        (
            "hold_count",
            Arc::new(aa::Float64Array::from(vec![Some(2.0), Some(2.5)])),
        ),
    ]);
    let (row, id, col, reason) = arrow_err(batch_to_calls(&b, &ReadOptions::new(), 0).unwrap_err());
    assert_eq!(
        (row, id.as_deref(), col.as_str()),
        (Some(1), Some("F-2"), "hold_count")
    );
    assert!(reason.contains("2.5"), "{reason}");

    let b = batch(vec![
        ("id", ids(&["F-1"])),
        (
            "reported_talk",
            Arc::new(aa::IntervalMonthDayNanoArray::from(vec![Some(
                IntervalMonthDayNano::new(1, 0, 0),
            )])),
        ),
    ]);
    let (row, _, col, reason) = arrow_err(batch_to_calls(&b, &ReadOptions::new(), 0).unwrap_err());
    assert_eq!((row, col.as_str()), (Some(0), "reported_talk"));
    assert!(reason.contains("months"), "{reason}");

    // Parquet's int64 in place of a duration: refused, with the way back in the message.
    let b = batch(vec![
        ("id", ids(&["F-1"])),
        ("reported_talk", Arc::new(aa::Int64Array::from(vec![5i64]))),
    ]);
    let (_, _, col, reason) = arrow_err(batch_to_calls(&b, &ReadOptions::new(), 0).unwrap_err());
    assert_eq!(col, "reported_talk");
    assert!(reason.contains("Parquet"), "{reason}");
}

#[test]
fn the_parallel_converters_equal_the_streaming_ones_and_name_the_first_bad_row() {
    let records: Vec<_> = calllog::sample::generate(7_000, 17).collect();
    let rules = calllog::Rules::preset("voximplant").unwrap();
    for threads in [1, 2, 3] {
        let (schema, batches) =
            calllog::arrow::calls_to_batches(&records, 1_000, Some(rules), threads).unwrap();
        let streamed: Vec<_> = CallBatches::new(&records[..], 1_000)
            .with_derived(rules)
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(schema, streamed[0].schema());
        assert_eq!(batches, streamed, "threads {threads}");
        let back =
            calllog::arrow::batches_to_calls(&batches, &ReadOptions::new(), threads).unwrap();
        assert_eq!(back, records);
    }
    // one big batch is cut into pieces; rows keep their numbers across batches
    let big = calls_to_batch(&records, price_scale_of(&records), 0).unwrap();
    let two = [big.slice(0, 100), big.slice(100, 6_900)];
    assert_eq!(
        calllog::arrow::batches_to_calls(&two, &ReadOptions::new(), 2).unwrap(),
        records
    );
    // bad values in two far-apart rows: the earlier one is named, whatever thread saw it
    let mut chans: Vec<Option<String>> = records
        .iter()
        .map(|r| Some(r.channel.to_string()))
        .collect();
    chans[6_500] = Some("pigeon".into());
    chans[1_234] = Some("owl".into());
    let idx = big.schema().index_of("channel").unwrap();
    let mut cols = big.columns().to_vec();
    cols[idx] = Arc::new(aa::StringArray::from(chans));
    let mut fields: Vec<Field> = big
        .schema()
        .fields()
        .iter()
        .map(|f| f.as_ref().clone())
        .collect();
    fields[idx] = Field::new("channel", DataType::Utf8, false);
    let bad = RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).unwrap();
    let (row, id, col, reason) = arrow_err(
        calllog::arrow::batches_to_calls(
            &[bad.slice(0, 10), bad.slice(10, 6_990)],
            &ReadOptions::new(),
            2,
        )
        .unwrap_err(),
    );
    assert_eq!(
        (row, id.as_deref(), col.as_str()),
        (Some(1_234), Some(records[1_234].id.as_str()), "channel")
    );
    assert!(reason.contains("owl"), "{reason}");
    // IPC with every core: the same records
    let bytes = calllog::arrow::write_ipc(&records, 2_000, None, true).unwrap();
    assert!(bytes.starts_with(b"ARROW1"));
    assert_eq!(
        calllog::arrow::read_ipc(&bytes, &ReadOptions::new()).unwrap(),
        records
    );
}

#[test]
fn a_reader_converts_a_big_batch_in_bounded_slices_and_names_rows_across_them() {
    use calllog::arrow::MAX_RECORDS_PER_STEP;
    let n = MAX_RECORDS_PER_STEP * 2 + 100;
    let mut records: Vec<_> = calllog::sample::generate(n, 9).collect();
    let schema = call_schema(price_scale_of(&records));
    // one producer batch holding every row, as DuckDB hands them over
    let one: Vec<Result<RecordBatch, ArrowError>> = CallBatches::new(&records[..], n).collect();
    let mut r = CallReader::new(
        RecordBatchIterator::new(one, schema.clone()),
        ReadOptions::new(),
    );
    let sizes: Vec<usize> =
        std::iter::from_fn(|| r.next_batch().map(|b| b.unwrap().len())).collect();
    assert_eq!(sizes, [MAX_RECORDS_PER_STEP, MAX_RECORDS_PER_STEP, 100]);
    let back: Vec<_> = CallReader::new(
        RecordBatchIterator::new(
            CallBatches::new(&records[..], n).collect::<Vec<_>>(),
            schema.clone(),
        ),
        ReadOptions::new(),
    )
    .collect::<calllog::Result<_>>()
    .unwrap();
    assert_eq!(back, records);
    // an error in the last slice still names its row in the whole stream
    let bad = MAX_RECORDS_PER_STEP * 2 + 7;
    records[bad].id = String::new();
    let batches: Vec<_> = CallBatches::new(&records[..], n).collect();
    let err = CallReader::new(
        RecordBatchIterator::new(batches, schema),
        ReadOptions::new().validate(true),
    )
    .collect::<calllog::Result<Vec<_>>>()
    .unwrap_err();
    assert!(
        matches!(
            &err,
            calllog::Error::Invalid { .. } | calllog::Error::Arrow { row: Some(_), .. }
        ),
        "{err}"
    );
    if let calllog::Error::Arrow { row, .. } = err {
        assert_eq!(row, Some(bad as u64));
    }
}

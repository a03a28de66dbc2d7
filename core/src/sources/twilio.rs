//! Twilio Call resources as JSON; the mapping table is in the [module docs](super).

use std::io::Read;
use std::path::PathBuf;

use super::{JsonValues, parse_error, rest_into_extra, take_text};
use crate::error::{Error, Result};
use crate::model::{CallRecord, Money, Timestamp};
use crate::vocab::{AttemptResult, Channel, ContactStatus, Direction};

/// Twilio Call resources, one JSON value after another.
pub(super) struct TwilioJson<R: Read> {
    values: JsonValues<R>,
    /// The calls of a list page not yet handed out.
    page: std::vec::IntoIter<serde_json::Value>,
    path: PathBuf,
    /// Records read so far (the 1-based number of the next one, less one).
    count: u64,
    done: bool,
}

impl<R: Read> TwilioJson<R> {
    pub(super) fn new(reader: R, path: PathBuf) -> Self {
        TwilioJson {
            values: JsonValues::new(reader),
            page: Vec::new().into_iter(),
            path,
            count: 0,
            done: false,
        }
    }

    fn err(&self, field: &str, reason: impl Into<String>) -> Error {
        parse_error(&self.path, self.count, field, reason)
    }

    fn next_value(&mut self) -> Option<Result<serde_json::Value>> {
        loop {
            if let Some(v) = self.page.next() {
                return Some(Ok(v));
            }
            let v = match self.values.next_value()? {
                Ok(v) => v,
                Err(reason) => {
                    self.count += 1;
                    return Some(Err(self.err("json", reason)));
                }
            };
            match v {
                serde_json::Value::Object(mut o) if o.contains_key("calls") => {
                    match o.remove("calls") {
                        Some(serde_json::Value::Array(calls)) => self.page = calls.into_iter(),
                        _ => {
                            self.count += 1;
                            return Some(Err(
                                self.err("calls", "a list page's calls must be an array")
                            ));
                        }
                    }
                }
                v => return Some(Ok(v)),
            }
        }
    }

    fn record(&self, v: serde_json::Value) -> Result<CallRecord> {
        use serde_json::Value;
        let Value::Object(mut o) = v else {
            return Err(self.err("json", "a Call resource is a JSON object"));
        };
        let text = |o: &mut serde_json::Map<String, Value>, key: &str| -> Result<Option<String>> {
            take_text(o, key).map_err(|r| self.err(key, r))
        };
        let id = text(&mut o, "sid")?
            .ok_or_else(|| self.err("sid", "missing: every Call resource has a sid"))?;
        let mut r = CallRecord::new(id, Channel::Voice);
        r.from = text(&mut o, "from")?;
        r.to = text(&mut o, "to")?;
        r.customer_name = text(&mut o, "caller_name")?;
        if let Some(d) = text(&mut o, "direction")? {
            r.direction = Some(match d.as_str() {
                "inbound" | "trunking-originating" => Direction::Inbound,
                "outbound-api" | "outbound-dial" | "trunking-terminating" => Direction::Outbound,
                _ => {
                    return Err(self.err(
                        "direction",
                        format!(
                            "{d:?}; accepted: inbound, outbound-api, outbound-dial, \
                             trunking-originating, trunking-terminating"
                        ),
                    ));
                }
            });
            r.extra.insert("direction".into(), d);
        }
        if let Some(st) = text(&mut o, "status")? {
            r.status = Some(
                ContactStatus::from_twilio(&st).map_err(|e| self.err("status", e.to_string()))?,
            );
            r.attempt_result =
                AttemptResult::from_twilio(&st).map_err(|e| self.err("status", e.to_string()))?;
        }
        let time = |key: &str, v: Option<String>| -> Result<Option<Timestamp>> {
            v.map(|t| {
                chrono::DateTime::parse_from_rfc2822(&t)
                    .map(|t| t.to_utc())
                    .map_err(|e| self.err(key, format!("{t:?} is not an RFC 2822 date: {e}")))
            })
            .transpose()
        };
        let start = text(&mut o, "start_time")?;
        r.timeline.started_at = time("start_time", start)?;
        let end = text(&mut o, "end_time")?;
        r.timeline.closed_at = time("end_time", end)?;
        if let Some(d) = text(&mut o, "duration")? {
            let secs =
                d.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
                    self.err("duration", format!("{d:?} is not a number of seconds"))
                })?;
            r.reported.talk = Some(chrono::TimeDelta::seconds(secs));
        }
        let price = text(&mut o, "price")?;
        let unit = text(&mut o, "price_unit")?;
        if let Some(p) = price {
            let unit = unit.ok_or_else(|| self.err("price_unit", "missing beside a price"))?;
            r.price = Some(
                Money::from_decimal_str(&p, unit.to_ascii_uppercase())
                    .map_err(|e| self.err("price", e.to_string()))?,
            );
        }
        o.remove("subresource_uris");
        rest_into_extra(&mut r.extra, "", o);
        Ok(r)
    }
}

impl<R: Read> Iterator for TwilioJson<R> {
    type Item = Result<CallRecord>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = match self.next_value()? {
            Ok(v) => {
                self.count += 1;
                self.record(v)
            }
            Err(e) => Err(e),
        };
        if item.is_err() {
            self.done = true;
        }
        Some(item)
    }
}

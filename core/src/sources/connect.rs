//! Amazon Connect contact records; the mapping table is in the [module docs](super).

use std::io::Read;
use std::path::PathBuf;

use serde_json::{Map, Value};

use super::{JsonValues, parse_error, rest_into_extra, take_text};
use crate::error::{Error, Result};
use crate::model::{Agent, CallRecord, Recording, Timestamp};
use crate::vocab::{AttemptResult, Channel, ContactStatus, Direction, DisconnectSide};

/// Contact records, one JSON object after another.
pub(super) struct ConnectCtr<R: Read> {
    values: JsonValues<R>,
    path: PathBuf,
    count: u64,
    done: bool,
}

/// One object of a contact record (the record itself, `Agent`, `Queue`, …) read key by key;
/// errors name the field by its path (`Agent.ConnectedToAgentTimestamp`).
struct Obj<'a, R: Read> {
    map: Map<String, Value>,
    prefix: &'static str,
    src: &'a ConnectCtr<R>,
}

impl<'a, R: Read> Obj<'a, R> {
    fn err(&self, key: &str, reason: impl Into<String>) -> Error {
        self.src.err(&format!("{}{key}", self.prefix), reason)
    }

    fn text(&mut self, key: &str) -> Result<Option<String>> {
        take_text(&mut self.map, key).map_err(|r| self.err(key, r))
    }

    /// An ISO 8601 timestamp in UTC (`2024-05-01T09:00:00Z`, fractions allowed).
    fn time(&mut self, key: &str) -> Result<Option<Timestamp>> {
        self.text(key)?
            .map(|t| {
                chrono::DateTime::parse_from_rfc3339(&t)
                    .map(|t| t.to_utc())
                    .map_err(|e| self.err(key, format!("{t:?} is not an ISO 8601 time: {e}")))
            })
            .transpose()
    }

    /// A whole number of seconds.
    fn secs(&mut self, key: &str) -> Result<Option<chrono::TimeDelta>> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .filter(|n| *n >= 0)
                .map(|n| Some(chrono::TimeDelta::seconds(n)))
                .ok_or_else(|| self.err(key, format!("{n} is not a number of seconds"))),
            Some(other) => Err(self.err(key, format!("expected a number, got {other}"))),
        }
    }

    /// A nested object (`None` when absent or `null`).
    fn object(&mut self, key: &'static str, prefix: &'static str) -> Result<Option<Obj<'a, R>>> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Obj {
                map,
                prefix,
                src: self.src,
            })),
            Some(other) => Err(self.err(key, format!("expected an object, got {other}"))),
        }
    }
}

impl<R: Read> ConnectCtr<R> {
    pub(super) fn new(reader: R, path: PathBuf) -> Self {
        ConnectCtr {
            values: JsonValues::new(reader),
            path,
            count: 0,
            done: false,
        }
    }

    fn err(&self, field: &str, reason: impl Into<String>) -> Error {
        parse_error(&self.path, self.count, field, reason)
    }

    fn record(&self, v: Value) -> Result<CallRecord> {
        let Value::Object(map) = v else {
            return Err(self.err("json", "a contact record is a JSON object"));
        };
        let mut c = Obj {
            map,
            prefix: "",
            src: self,
        };
        let id = c
            .text("ContactId")?
            .ok_or_else(|| c.err("ContactId", "missing: every contact record has one"))?;
        let channel = match c.text("Channel")?.as_deref() {
            Some("VOICE") => Channel::Voice,
            Some("CHAT") => Channel::Chat,
            Some("EMAIL") => Channel::Email,
            Some("TASK") => {
                return Err(c.err(
                    "Channel",
                    "TASK contacts are not calls or messages; filter them out before import",
                ));
            }
            Some(other) => {
                return Err(c.err(
                    "Channel",
                    format!("{other:?}; accepted: VOICE, CHAT, EMAIL"),
                ));
            }
            None => return Err(c.err("Channel", "missing: every contact record has one")),
        };
        let mut r = CallRecord::new(id, channel);
        let method = c.text("InitiationMethod")?;
        r.direction = match method.as_deref() {
            None => None,
            Some("INBOUND" | "WEBRTC_API") => Some(Direction::Inbound),
            // StartOutboundVoiceContact places a call; StartChatContact is a customer's chat.
            Some("API") if channel == Channel::Voice => Some(Direction::Outbound),
            Some("API") => Some(Direction::Inbound),
            Some("OUTBOUND" | "EXTERNAL_OUTBOUND" | "CALLBACK" | "AGENT_REPLY") => {
                Some(Direction::Outbound)
            }
            Some("MONITOR") => Some(Direction::Internal),
            Some("TRANSFER" | "QUEUE_TRANSFER" | "DISCONNECT" | "FLOW") => None,
            Some(other) => {
                return Err(c.err(
                    "InitiationMethod",
                    format!(
                        "{other:?}; accepted: INBOUND, OUTBOUND, TRANSFER, QUEUE_TRANSFER, \
                         CALLBACK, API, DISCONNECT, MONITOR, EXTERNAL_OUTBOUND, WEBRTC_API, \
                         AGENT_REPLY, FLOW"
                    ),
                ));
            }
        };
        if let Some(m) = method {
            r.extra.insert("InitiationMethod".into(), m);
        }
        let customer = match c.object("CustomerEndpoint", "CustomerEndpoint.")? {
            Some(mut e) => {
                let a = e.text("Address")?;
                e.map.remove("Type");
                rest_into_extra(&mut r.extra, "CustomerEndpoint.", e.map);
                a
            }
            None => None,
        };
        let system = match c.object("SystemEndpoint", "SystemEndpoint.")? {
            Some(mut e) => {
                let a = e.text("Address")?;
                e.map.remove("Type");
                rest_into_extra(&mut r.extra, "SystemEndpoint.", e.map);
                a
            }
            None => None,
        };
        (r.from, r.to) = if r.direction == Some(Direction::Outbound) {
            (system, customer)
        } else {
            (customer, system)
        };
        r.timeline.started_at = c.time("InitiationTimestamp")?;
        let disconnected = c.time("DisconnectTimestamp")?;
        r.timeline.closed_at = disconnected;
        let mut connected = None;
        if let Some(mut q) = c.object("Queue", "Queue.")? {
            r.queue = q.text("Name")?;
            r.timeline.enqueued_at = q.time("EnqueueTimestamp")?;
            r.timeline.dequeued_at = q.time("DequeueTimestamp")?;
            r.reported.wait = q.secs("Duration")?;
            rest_into_extra(&mut r.extra, "Queue.", q.map);
        }
        if let Some(mut a) = c.object("Agent", "Agent.")? {
            connected = a.time("ConnectedToAgentTimestamp")?;
            r.timeline.talk_started_at = connected;
            if connected.is_some() {
                r.timeline.talk_ended_at = disconnected;
            }
            r.timeline.after_call_work_started_at = a.time("AfterContactWorkStartTimestamp")?;
            r.timeline.after_call_work_ended_at = a.time("AfterContactWorkEndTimestamp")?;
            r.reported.after_call_work = a.secs("AfterContactWorkDuration")?;
            r.reported.hold = a.secs("CustomerHoldDuration")?;
            r.reported.agent_talk = a.secs("AgentInteractionDuration")?;
            r.hold_count = match a.map.remove("NumberOfHolds") {
                None | Some(Value::Null) => None,
                Some(Value::Number(n)) => Some(
                    n.as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| a.err("NumberOfHolds", format!("{n} is not a count")))?,
                ),
                Some(other) => {
                    return Err(a.err("NumberOfHolds", format!("expected a number, got {other}")));
                }
            };
            if let Some(name) = a.text("Username")? {
                let mut agent = Agent::named(name);
                agent.id = a.text("ARN")?;
                r.agents.push(agent);
            }
            rest_into_extra(&mut r.extra, "Agent.", a.map);
        }
        if let Some(reason) = c.text("DisconnectReason")? {
            r.disconnect_side = Some(
                DisconnectSide::from_amazon_connect(&reason)
                    .map_err(|e| c.err("DisconnectReason", e.to_string()))?,
            );
            r.end_reason = Some(reason);
        }
        // What became of the contact: talked to an agent, left the queue without one, or
        // ended in the flow (an inbound contact) / never connected (an outbound one).
        let queued = r.timeline.enqueued_at.is_some();
        (r.status, r.attempt_result) = match (connected, queued, r.direction) {
            (Some(_), _, _) => (
                Some(ContactStatus::Answered),
                Some(AttemptResult::CallAccepted),
            ),
            (None, true, _) => (
                Some(ContactStatus::NoAnswer),
                Some(AttemptResult::Abandoned),
            ),
            (None, false, Some(Direction::Inbound)) => (
                Some(ContactStatus::Answered),
                Some(AttemptResult::EndedInIvr),
            ),
            (None, false, Some(Direction::Outbound)) => {
                (Some(ContactStatus::NoAnswer), Some(AttemptResult::NoAnswer))
            }
            (None, false, _) => (None, None),
        };
        let recording = match c.object("Recording", "Recording.")? {
            Some(mut rec) => {
                let url = rec.text("Location")?;
                let status = rec.text("Status")?;
                let format = rec.text("Type")?;
                if let Some(s) = &status {
                    r.extra.insert("Recording.Status".into(), s.clone());
                }
                rest_into_extra(&mut r.extra, "Recording.", rec.map);
                Some(Recording {
                    url,
                    duration: None,
                    processing: false,
                    format,
                })
            }
            None => None,
        };
        r.recording = recording;
        if let Some(mut attrs) = c.object("Attributes", "Attributes.")? {
            let keys: Vec<String> = attrs.map.keys().cloned().collect();
            for k in keys {
                if let Some(v) = attrs.text(&k)? {
                    r.extra.insert(format!("Attributes.{k}"), v);
                }
            }
        }
        rest_into_extra(&mut r.extra, "", c.map);
        Ok(r)
    }
}

impl<R: Read> Iterator for ConnectCtr<R> {
    type Item = Result<CallRecord>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.count += 1;
        let item = match self.values.next_value()? {
            Ok(v) => self.record(v),
            Err(reason) => Err(self.err("json", reason)),
        };
        if item.is_err() {
            self.done = true;
        }
        Some(item)
    }
}

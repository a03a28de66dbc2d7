//! What an export writes and how: the columns (chosen one by one or from a seed's preset), the
//! locale of the headers and labels, the time zone, date-time and duration formats, enum
//! labels or machine names, the rule set for derived fields, the layout, the viewer, and the
//! options of each format.
//!
//! ```
//! use calllog::export::{ExportProfile, Preset, DurationFormat};
//! use calllog::Locale;
//!
//! // Seed 002's call history, but in Polish and with Excel durations.
//! let p = ExportProfile::preset(Preset::CallHistory)
//!     .locale(Locale::Pl)
//!     .time_zone("Europe/Warsaw".parse()?)
//!     .durations(DurationFormat::Clock);
//! assert_eq!(p.header()[1], "Kierunek");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::str::FromStr;

use chrono_tz::Tz;

use super::columns::{Column, Field, MAX_NUMBER, RecordKind, Scope};
use crate::access::{ExportPolicy, Viewer};
use crate::error::{Error, Result};
use crate::model::CallRecord;
use crate::rules::Rules;
use crate::vocab::Locale;

/// How durations are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DurationFormat {
    /// Seconds as a number (`42`, `12.5`): seed 000 G お客様待ち時間(秒).
    #[default]
    Seconds,
    /// A clock duration: `h:mm:ss` text in CSV, a real Excel duration formatted `[h]:mm:ss`
    /// in XLSX.
    Clock,
}

/// How closed-vocabulary values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EnumStyle {
    /// The label in the profile's locale (`Вызов принят`).
    #[default]
    Label,
    /// The stable machine name (`call_accepted`).
    MachineName,
}

/// One row per contact, or one row per detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Layout {
    /// One row per contact (seed 004 Raport prosty).
    #[default]
    Simple,
    /// Seed 004 Raport szczegółowy: "każdy kafelek i interakcja będzie osobną linią" — one row
    /// per IVR step, then one per ring-history entry (seed 000 N), for the detail columns
    /// chosen; a contact without details still gets one row.
    Detailed {
        /// Repeat the contact's fields on every detail row (`true`), or write them on the
        /// first row only and leave them blank below (`false`).
        repeat_contact_fields: bool,
    },
}

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CsvEncoding {
    /// The export language's default ([`CsvEncoding::resolve`]): UTF-8 with a byte-order
    /// mark for Japanese, which Excel in Japan otherwise opens as Shift_JIS and garbles;
    /// plain UTF-8 for the other languages.
    #[default]
    Auto,
    /// UTF-8.
    Utf8,
    /// UTF-8 with a byte-order mark, so Excel in Japan detects it.
    Utf8Bom,
    /// Windows code page 932 (Shift_JIS as Windows and Excel write it).
    Cp932,
}

impl CsvEncoding {
    /// The encoding actually written for an export in `locale`: [`CsvEncoding::Auto`] becomes
    /// [`CsvEncoding::Utf8Bom`] for [`Locale::Ja`] and [`CsvEncoding::Utf8`] otherwise; an
    /// explicit encoding stays as it is.
    ///
    /// ```
    /// use calllog::export::CsvEncoding;
    /// use calllog::Locale;
    /// assert_eq!(CsvEncoding::Auto.resolve(Locale::Ja), CsvEncoding::Utf8Bom);
    /// assert_eq!(CsvEncoding::Auto.resolve(Locale::Ru), CsvEncoding::Utf8);
    /// assert_eq!(CsvEncoding::Utf8.resolve(Locale::Ja), CsvEncoding::Utf8);
    /// ```
    pub fn resolve(self, locale: Locale) -> CsvEncoding {
        match (self, locale) {
            (CsvEncoding::Auto, Locale::Ja) => CsvEncoding::Utf8Bom,
            (CsvEncoding::Auto, _) => CsvEncoding::Utf8,
            (e, _) => e,
        }
    }
}

/// What to do with a character the encoding cannot hold (CP932 has no emoji, no Cyrillic
/// letters outside JIS X 0208, no Polish ą).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Unencodable {
    /// Stop with [`Error::Unencodable`] naming the row and the column.
    #[default]
    Error,
    /// Write `?` instead, counted in the summary.
    Replace,
}

/// CSV options.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CsvOptions {
    /// Field delimiter (ASCII), `,` by default.
    pub delimiter: u8,
    /// Encoding.
    pub encoding: CsvEncoding,
    /// Policy for characters the encoding cannot hold.
    pub unencodable: Unencodable,
    /// Write an empty text (`Some("")`, or a list holding one empty string) as a lone `'`,
    /// so that it reads back distinct from a missing value (an empty cell). On in the `full`
    /// preset, which reads back losslessly; off elsewhere, where both look blank.
    pub mark_empty_text: bool,
    /// Threads that format rows in [`export_csv`](super::export_csv) and
    /// [`CsvSink::write_batch`](super::CsvSink::write_batch): 0 (the default) for the
    /// machine's parallelism, 1 to stay on the caller's thread, at most
    /// [`MAX_THREADS`](super::MAX_THREADS). The bytes are the same whatever the number.
    pub threads: usize,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: b',',
            encoding: CsvEncoding::Auto,
            unencodable: Unencodable::Error,
            mark_empty_text: false,
            threads: 0,
        }
    }
}

/// Excel's row limit per worksheet.
pub const EXCEL_MAX_ROWS: u32 = 1_048_576;
/// Excel's limit on the characters of one cell.
pub const EXCEL_MAX_CHARS: usize = 32_767;

/// XLSX options.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct XlsxOptions {
    /// Name of the first sheet; later sheets get ` (2)`, ` (3)` … `None` (the default) names
    /// it in the export's language ([`default_sheet_name`]).
    pub sheet_name: Option<String>,
    /// Rows per sheet, header included ([`EXCEL_MAX_ROWS`]); a full sheet continues on a
    /// new one with the header repeated. Smaller values are for tests.
    pub max_rows_per_sheet: u32,
    /// Zip deflate level 1 (fastest) ..= 9; 1 by default, for speed (the file is ~1.5× the
    /// size of level 6).
    pub compression_level: u8,
    /// Excel number format of date-time cells.
    pub datetime_format: String,
    /// Add a summary sheet after the data sheets: metrics per hour, day, queue and agent with
    /// ASR and ACD, and native charts ([`summary`](super::summary)), over the rows the viewer
    /// may see, in the profile's locale, time zone and rules. Call records only.
    pub summary_sheet: bool,
}

impl Default for XlsxOptions {
    fn default() -> Self {
        XlsxOptions {
            sheet_name: None,
            max_rows_per_sheet: EXCEL_MAX_ROWS,
            compression_level: 1,
            datetime_format: "yyyy-mm-dd hh:mm:ss".into(),
            summary_sheet: false,
        }
    }
}

/// The sheet name of an export in `locale` when none is chosen: the seeds' own words for the
/// screen where they name one (seed 000 通話履歴, seed 001 折り返し呼履歴, seed 002 История
/// звонков, seed 004 Kontakty).
///
/// | records | en | ja | ru | pl |
/// | --- | --- | --- | --- | --- |
/// | calls | Calls | 通話履歴 | История звонков | Kontakty |
/// | callbacks | Callbacks | 折り返し呼履歴 | Обратные звонки | Oddzwonienia |
///
/// ```
/// use calllog::export::{default_sheet_name, RecordKind};
/// use calllog::Locale;
/// assert_eq!(default_sheet_name(RecordKind::Call, Locale::Ru), "История звонков");
/// ```
pub fn default_sheet_name(kind: RecordKind, locale: Locale) -> &'static str {
    match (kind, locale) {
        (RecordKind::Call, Locale::En) => "Calls",
        (RecordKind::Call, Locale::Ja) => "通話履歴",
        (RecordKind::Call, Locale::Ru) => "История звонков",
        (RecordKind::Call, Locale::Pl) => "Kontakty",
        (RecordKind::Callback, Locale::En) => "Callbacks",
        (RecordKind::Callback, Locale::Ja) => "折り返し呼履歴",
        (RecordKind::Callback, Locale::Ru) => "Обратные звонки",
        (RecordKind::Callback, Locale::Pl) => "Oddzwonienia",
    }
}

/// The seeds' layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    /// Seed 000 (ja video-call SaaS) A..W, then `survey_pairs` pre-call Q/A pairs and as many
    /// post-call pairs: with 50 pairs, columns A..HO (223 columns). Rules: video-call SaaS.
    VideoCallHistory {
        /// Survey Q/A pairs each way (0..=50); see [`survey_pairs_needed`].
        survey_pairs: u8,
    },
    /// Seed 002 (Voximplant Kit, ru) История звонков, with the success of the attempt and the
    /// scheduled callback next to the completion code. Rules: Voximplant.
    CallHistory,
    /// Seed 004 (Focus Contact Center, pl) Raport prosty: one row per contact. Rules: FCC.
    ContactsSimple,
    /// Seed 004 Raport szczegółowy: one row per IVR step, contact fields repeated.
    ContactsDetailed,
    /// Seed 001 (BIZTEL, ja) callback list, for [`CallbackRecord`](crate::CallbackRecord) rows.
    Callbacks,
    /// One row per contact with what every product shares, 25 columns: id, channel,
    /// direction, status, customer, from, to, agents, queue, campaign, start, talk start and
    /// end, wait, dial, talk and total time, outcome, attempt result, success, completion
    /// code, price and its currency, recording length and staff memo. Canonical rules. The demo's and the
    /// benchmarks' layout.
    Overview,
    /// Every field of the model, machine names, lossless: what [`read_csv`](crate::read::read_csv)
    /// reads back into equal records.
    Full,
}

impl Preset {
    /// Every preset's name, for bindings and command lines.
    pub const NAMES: &'static [&'static str] = &[
        "video_call_history",
        "call_history",
        "contacts_simple",
        "contacts_detailed",
        "callbacks",
        "overview",
        "full",
    ];

    /// The machine name.
    pub fn name(self) -> &'static str {
        match self {
            Preset::VideoCallHistory { .. } => "video_call_history",
            Preset::CallHistory => "call_history",
            Preset::ContactsSimple => "contacts_simple",
            Preset::ContactsDetailed => "contacts_detailed",
            Preset::Callbacks => "callbacks",
            Preset::Overview => "overview",
            Preset::Full => "full",
        }
    }

    /// The columns, in order.
    pub fn columns(self) -> Vec<Column> {
        use Field::*;
        let fixed = |fs: &[Field]| fs.iter().copied().map(Column::from).collect::<Vec<_>>();
        match self {
            Preset::VideoCallHistory { survey_pairs } => {
                // A..W
                let mut cols = fixed(&[
                    Id,
                    CustomerName,
                    Agents,
                    StartedAt,
                    OfferedAt,
                    AnsweredOrCancelledAt,
                    Wait,
                    TalkStartedAt,
                    TalkEndedAt,
                    ClosedAt,
                    EndReason,
                    RecordingDuration,
                    CoBrowse,
                    RingHistory,
                    Brand,
                    Service,
                    Menu,
                    CallMode,
                    StaffMemo,
                    CustomerUserAgent,
                    StaffUserAgent,
                    ExtraInfo,
                    ChatLog,
                ]);
                let n = survey_pairs.min(MAX_NUMBER);
                for (q, a) in [
                    (PreSurveyQuestion, PreSurveyAnswer),
                    (PostSurveyQuestion, PostSurveyAnswer),
                ] {
                    for i in 1..=n {
                        cols.push(Column::numbered(q, i).expect("1..=50"));
                        cols.push(Column::numbered(a, i).expect("1..=50"));
                    }
                }
                cols
            }
            Preset::CallHistory => fixed(&[
                StartedAt,
                Direction,
                From,
                To,
                Agents,
                Queue,
                Dial,
                Talk,
                RecordingUrl,
                Price,
                PriceCurrency,
                Scenario,
                ScenarioUrl,
                Campaign,
                AttemptResult,
                Success,
                CompletionCode,
                CallbackAt,
                Attempts,
                Tags,
                Topics,
                Notes,
            ]),
            Preset::ContactsSimple => fixed(CONTACTS),
            Preset::ContactsDetailed => {
                let mut cols = fixed(CONTACTS);
                cols.extend(fixed(&[
                    IvrStepNumber,
                    IvrNode,
                    IvrEnteredAt,
                    IvrLeftAt,
                    IvrStepDuration,
                    IvrChoice,
                    IvrDetail,
                ]));
                cols
            }
            Preset::Callbacks => fixed(&[
                CallbackId,
                CallbackRegisteredAt,
                CallbackIncomingAt,
                CallbackAssignee,
                CallbackState,
                CallbackCallCenter,
                CallbackBusinessLabel,
                CallbackCallerNumber,
                CallbackOurNumber,
                CallbackRequestId,
                CallbackRecording,
                CallbackMemo,
            ]),
            Preset::Overview => fixed(&[
                Id,
                Channel,
                Direction,
                Status,
                CustomerName,
                From,
                To,
                Agents,
                Queue,
                Campaign,
                StartedAt,
                TalkStartedAt,
                TalkEndedAt,
                Wait,
                Dial,
                Talk,
                Total,
                Outcome,
                AttemptResult,
                Success,
                CompletionCode,
                Price,
                PriceCurrency,
                RecordingDuration,
                StaffMemo,
            ]),
            Preset::Full => Field::ALL
                .iter()
                .copied()
                .filter(|f| {
                    f.record_kind() == RecordKind::Call
                        && f.scope() == Scope::Contact
                        && !f.is_numbered()
                        && !matches!(f, Agents | Notes | RingHistory | IvrPath)
                })
                .map(Column::from)
                .collect(),
        }
    }
}

const CONTACTS: &[Field] = &[
    Field::Id,
    Field::Campaign,
    Field::Agents,
    Field::From,
    Field::To,
    Field::Cc,
    Field::Bcc,
    Field::StartedAt,
    Field::Talk,
    Field::Dial,
    Field::AgentTalk,
    Field::InteractionType,
    Field::Status,
    Field::RecordId,
    Field::SignificantField,
    Field::Classifier,
    Field::Queue,
    Field::RecordingUrl,
    Field::DisconnectSide,
];

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Preset {
    type Err = Error;
    /// Parses a preset name; `video_call_history` gets 50 survey pairs
    /// (`video_call_history:3` gets 3).
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase();
        let (name, arg) = t.split_once(':').unwrap_or((&t, ""));
        let bad = || Error::UnknownValue {
            vocabulary: "export preset",
            value: s.to_string(),
            accepted: Preset::NAMES.join(", "),
        };
        Ok(match name {
            "video_call_history" => Preset::VideoCallHistory {
                survey_pairs: if arg.is_empty() {
                    MAX_NUMBER
                } else {
                    arg.parse()
                        .ok()
                        .filter(|n| *n <= MAX_NUMBER)
                        .ok_or_else(bad)?
                },
            },
            "call_history" => Preset::CallHistory,
            "contacts_simple" => Preset::ContactsSimple,
            "contacts_detailed" => Preset::ContactsDetailed,
            "callbacks" => Preset::Callbacks,
            "overview" => Preset::Overview,
            "full" => Preset::Full,
            _ => return Err(bad()),
        })
    }
}

/// The number of survey Q/A pairs `records` need (the highest question number, pre or post):
/// seed 000's "N from the data".
pub fn survey_pairs_needed<'a>(records: impl IntoIterator<Item = &'a CallRecord>) -> u8 {
    records
        .into_iter()
        .flat_map(|r| r.pre_survey.iter().chain(&r.post_survey))
        .map(|a| a.index)
        .max()
        .unwrap_or(0)
        .min(MAX_NUMBER)
}

/// Everything an export needs to know besides the records. Build it from a
/// [`Preset`] or from columns, then adjust with the chained setters.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportProfile {
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// Header and label language.
    pub locale: Locale,
    /// The time zone date-times are shown in (UTC by default).
    pub time_zone: Tz,
    /// `strftime` format of date-times in CSV (default `%Y-%m-%d %H:%M:%S`). Include `%:z` to
    /// make local times unambiguous around daylight-saving changes.
    pub datetime_format: String,
    /// Seconds or clock durations.
    pub durations: DurationFormat,
    /// Labels or machine names.
    pub enums: EnumStyle,
    /// The rule set for derived columns.
    pub rules: Rules,
    /// One row per contact or per detail.
    pub layout: Layout,
    /// Who is exporting: rows they cannot see are skipped and columns they may not see are
    /// dropped, whatever columns were asked for.
    pub viewer: Viewer,
    /// Which roles may export at all ([`ExportPolicy`]); checked when an export starts.
    pub policy: ExportPolicy,
    /// CSV options.
    pub csv: CsvOptions,
    /// XLSX options.
    pub xlsx: XlsxOptions,
}

/// The default CSV date-time format.
pub const DEFAULT_DATETIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

impl Default for ExportProfile {
    /// The [`Preset::Full`] columns, English, UTC.
    fn default() -> Self {
        ExportProfile::columns(Preset::Full.columns())
    }
}

impl ExportProfile {
    /// A profile with these columns, English labels, UTC, seconds, canonical rules, simple
    /// layout, an owner as viewer.
    pub fn columns(columns: impl IntoIterator<Item = Column>) -> Self {
        ExportProfile {
            columns: columns.into_iter().collect(),
            locale: Locale::En,
            time_zone: Tz::UTC,
            datetime_format: DEFAULT_DATETIME_FORMAT.into(),
            durations: DurationFormat::Seconds,
            enums: EnumStyle::Label,
            rules: Rules::CANONICAL,
            layout: Layout::Simple,
            viewer: Viewer::default(),
            policy: ExportPolicy::ANYONE,
            csv: CsvOptions::default(),
            xlsx: XlsxOptions::default(),
        }
    }

    /// A profile with columns given by id (`["id", "started_at", "talk"]`).
    pub fn column_ids<I, S>(ids: I) -> Result<Self>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cols = ids
            .into_iter()
            .map(|s| s.as_ref().parse())
            .collect::<Result<Vec<Column>>>()?;
        Ok(ExportProfile::columns(cols))
    }

    /// A seed's layout with the seed's locale and rules.
    pub fn preset(preset: Preset) -> Self {
        let mut p = ExportProfile::columns(preset.columns());
        match preset {
            Preset::VideoCallHistory { .. } => {
                p.locale = Locale::Ja;
                p.rules = Rules::VIDEO_CALL_SAAS;
                p.policy = ExportPolicy::VIDEO_CALL_SAAS;
            }
            Preset::Callbacks => {
                p.locale = Locale::Ja;
            }
            Preset::CallHistory => {
                p.locale = Locale::Ru;
                p.rules = Rules::VOXIMPLANT;
            }
            Preset::ContactsSimple => {
                p.locale = Locale::Pl;
                p.rules = Rules::FOCUS_CONTACT_CENTER;
            }
            Preset::ContactsDetailed => {
                p.locale = Locale::Pl;
                p.rules = Rules::FOCUS_CONTACT_CENTER;
                p.layout = Layout::Detailed {
                    repeat_contact_fields: true,
                };
            }
            Preset::Overview => {}
            Preset::Full => {
                p.enums = EnumStyle::MachineName;
                p.csv.mark_empty_text = true;
                // Sub-second digits only when there are some, and the offset, so that every
                // instant reads back exactly whatever the time zone.
                p.datetime_format = "%Y-%m-%d %H:%M:%S%.f%:z".into();
            }
        }
        p
    }

    /// Sets the locale.
    pub fn locale(mut self, locale: Locale) -> Self {
        self.locale = locale;
        self
    }

    /// Sets the time zone.
    pub fn time_zone(mut self, tz: Tz) -> Self {
        self.time_zone = tz;
        self
    }

    /// Sets the CSV date-time format (`strftime`).
    pub fn datetime_format(mut self, format: impl Into<String>) -> Self {
        self.datetime_format = format.into();
        self
    }

    /// Sets the duration format.
    pub fn durations(mut self, durations: DurationFormat) -> Self {
        self.durations = durations;
        self
    }

    /// Sets labels vs machine names.
    pub fn enums(mut self, enums: EnumStyle) -> Self {
        self.enums = enums;
        self
    }

    /// Sets the rule set.
    pub fn rules(mut self, rules: Rules) -> Self {
        self.rules = rules;
        self
    }

    /// Sets the layout.
    pub fn layout(mut self, layout: Layout) -> Self {
        self.layout = layout;
        self
    }

    /// Sets the viewer.
    pub fn viewer(mut self, viewer: Viewer) -> Self {
        self.viewer = viewer;
        self
    }

    /// Sets who may export ([`ExportPolicy`]).
    pub fn policy(mut self, policy: ExportPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Sets the CSV options.
    pub fn csv(mut self, csv: CsvOptions) -> Self {
        self.csv = csv;
        self
    }

    /// Sets the XLSX options.
    pub fn xlsx(mut self, xlsx: XlsxOptions) -> Self {
        self.xlsx = xlsx;
        self
    }

    /// Replaces the survey Q/A columns by `pairs` pairs each way (seed 000's N), keeping
    /// them where they were (at the end if there were none).
    pub fn with_survey_pairs(mut self, pairs: u8) -> Self {
        use Field::*;
        let is_survey = |c: &Column| {
            matches!(
                c.field(),
                PreSurveyQuestion | PreSurveyAnswer | PostSurveyQuestion | PostSurveyAnswer
            )
        };
        let at = self
            .columns
            .iter()
            .position(is_survey)
            .unwrap_or(self.columns.len());
        self.columns.retain(|c| !is_survey(c));
        let mut survey = Vec::new();
        for (q, a) in [
            (PreSurveyQuestion, PreSurveyAnswer),
            (PostSurveyQuestion, PostSurveyAnswer),
        ] {
            for i in 1..=pairs.min(MAX_NUMBER) {
                survey.push(Column::numbered(q, i).expect("1..=50"));
                survey.push(Column::numbered(a, i).expect("1..=50"));
            }
        }
        self.columns.splice(at..at, survey);
        self
    }

    /// The name of the first sheet of an XLSX export of `kind` records: the chosen one, else
    /// [`default_sheet_name`] in the profile's locale.
    pub fn sheet_name(&self, kind: RecordKind) -> &str {
        self.xlsx
            .sheet_name
            .as_deref()
            .unwrap_or_else(|| default_sheet_name(kind, self.locale))
    }

    /// The header labels of the columns this profile's viewer may see.
    pub fn header(&self) -> Vec<String> {
        self.visible_columns()
            .0
            .iter()
            .map(|c| c.label(self.locale).into_owned())
            .collect()
    }

    /// The columns the viewer may see, and the ids of those dropped.
    pub fn visible_columns(&self) -> (Vec<Column>, Vec<String>) {
        let mut kept = Vec::with_capacity(self.columns.len());
        let mut dropped = Vec::new();
        for c in &self.columns {
            match c.restricted() {
                Some(part) if !self.viewer.may_see(part) => dropped.push(c.id().into_owned()),
                _ => kept.push(*c),
            }
        }
        (kept, dropped)
    }

    /// Checks the profile for a record kind: known columns of that kind, at least one, no
    /// repeats, a sensible delimiter and sheet size.
    pub fn check(&self, kind: RecordKind) -> Result<()> {
        let bad = |option: &str, reason: String| Error::ExportOption {
            option: option.into(),
            reason,
        };
        if self.columns.is_empty() {
            return Err(bad("columns", "no columns chosen".into()));
        }
        let mut seen = std::collections::HashSet::new();
        for c in &self.columns {
            if c.field().record_kind() != kind {
                return Err(bad(
                    "columns",
                    format!("`{}` is not a column of {kind:?} records", c.id()),
                ));
            }
            if !seen.insert(*c) {
                return Err(bad("columns", format!("`{}` is chosen twice", c.id())));
            }
        }
        if self.xlsx.summary_sheet && kind != RecordKind::Call {
            return Err(bad(
                "xlsx.summary_sheet",
                "the summary sheet is for call records".into(),
            ));
        }
        let chosen = |f: Field| self.columns.iter().any(|c| c.field() == f);
        if chosen(Field::Price) != chosen(Field::PriceCurrency) {
            // Money is an amount with its currency: a price column alone is ambiguous in a
            // file that mixes currencies and cannot be read back (`read_csv`).
            return Err(bad(
                "columns",
                if chosen(Field::Price) {
                    "`price` needs `price_currency` beside it: an amount without its currency \
                     is ambiguous and cannot be read back"
                } else {
                    "`price_currency` needs `price` beside it"
                }
                .into(),
            ));
        }
        if matches!(self.layout, Layout::Detailed { .. })
            && !self
                .columns
                .iter()
                .any(|c| matches!(c.field().scope(), Scope::IvrStep | Scope::RingEvent))
        {
            return Err(bad(
                "layout",
                "the detailed layout needs at least one detail column (ivr_step, ivr_node, \
                 ivr_entered_at, ivr_left_at, ivr_step_duration, ivr_choice, ivr_detail, \
                 ring_at, ring_staff, ring_detail); without one it is the simple layout"
                    .into(),
            ));
        }
        let d = self.csv.delimiter;
        if !d.is_ascii() || matches!(d, b'"' | b'\r' | b'\n' | b'\'') || d.is_ascii_alphanumeric() {
            return Err(bad(
                "csv.delimiter",
                format!("{:?} cannot separate fields", d as char),
            ));
        }
        if self.xlsx.max_rows_per_sheet < 2 || self.xlsx.max_rows_per_sheet > EXCEL_MAX_ROWS {
            return Err(bad(
                "xlsx.max_rows_per_sheet",
                format!(
                    "{} is outside 2..={EXCEL_MAX_ROWS}",
                    self.xlsx.max_rows_per_sheet
                ),
            ));
        }
        if !(1..=9).contains(&self.xlsx.compression_level) {
            return Err(bad(
                "xlsx.compression_level",
                format!("{} is outside 1..=9", self.xlsx.compression_level),
            ));
        }
        if let Some(name) = &self.xlsx.sheet_name {
            if name.trim().is_empty() || name.chars().count() > 25 {
                return Err(bad(
                    "xlsx.sheet_name",
                    "needs 1..=25 characters (room for a ` (n)` suffix within Excel's 31)".into(),
                ));
            }
            if let Some(c) = name.chars().find(|c| "[]:*?/\\".contains(*c)) {
                return Err(bad(
                    "xlsx.sheet_name",
                    format!("{c:?} is not allowed in an Excel sheet name"),
                ));
            }
        }
        if self.datetime_format.trim().is_empty() {
            return Err(bad("datetime_format", "is empty".into()));
        }
        let mut probe = String::new();
        use std::fmt::Write;
        if write!(
            probe,
            "{}",
            chrono::DateTime::<chrono::Utc>::UNIX_EPOCH.format(&self.datetime_format)
        )
        .is_err()
        {
            return Err(bad(
                "datetime_format",
                format!("{:?} is not a valid strftime format", self.datetime_format),
            ));
        }
        Ok(())
    }
}

/// Machine names for the option enums, for bindings and command lines: `Display` writes the
/// name, `FromStr` reads it.
macro_rules! named_options {
    ($($ty:ident : $vocab:literal { $($variant:pat => $name:literal => $value:expr),* $(,)? })*) => {
        $(
            impl $ty {
                /// Every accepted name.
                pub const NAMES: &'static [&'static str] = &[$($name),*];
            }

            impl fmt::Display for $ty {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(match self { $($variant => $name,)* })
                }
            }

            impl FromStr for $ty {
                type Err = Error;
                fn from_str(s: &str) -> Result<Self> {
                    let t = s.trim().to_ascii_lowercase().replace('-', "_");
                    $(if t == $name { return Ok($value); })*
                    Err(Error::UnknownValue {
                        vocabulary: $vocab,
                        value: s.to_string(),
                        accepted: $ty::NAMES.join(", "),
                    })
                }
            }
        )*
    };
}

named_options! {
    DurationFormat: "duration format" {
        DurationFormat::Seconds => "seconds" => DurationFormat::Seconds,
        DurationFormat::Clock => "clock" => DurationFormat::Clock,
    }
    EnumStyle: "enum style" {
        EnumStyle::Label => "label" => EnumStyle::Label,
        EnumStyle::MachineName => "machine_name" => EnumStyle::MachineName,
    }
    CsvEncoding: "csv encoding" {
        CsvEncoding::Auto => "auto" => CsvEncoding::Auto,
        CsvEncoding::Utf8 => "utf8" => CsvEncoding::Utf8,
        CsvEncoding::Utf8Bom => "utf8_bom" => CsvEncoding::Utf8Bom,
        CsvEncoding::Cp932 => "cp932" => CsvEncoding::Cp932,
    }
    Unencodable: "unencodable policy" {
        Unencodable::Error => "error" => Unencodable::Error,
        Unencodable::Replace => "replace" => Unencodable::Replace,
    }
    Layout: "layout" {
        Layout::Simple => "simple" => Layout::Simple,
        Layout::Detailed { repeat_contact_fields: true } => "detailed" => Layout::Detailed { repeat_contact_fields: true },
        Layout::Detailed { repeat_contact_fields: false } => "detailed_first_row" => Layout::Detailed { repeat_contact_fields: false },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_000_has_a_to_ho() {
        let cols = Preset::VideoCallHistory { survey_pairs: 50 }.columns();
        // A..HO = 8 * 26 + 15 = 223 columns.
        assert_eq!(cols.len(), 223);
        assert_eq!(cols[6].label(Locale::Ja), "お客様待ち時間(秒)");
        assert_eq!(cols[22].label(Locale::Ja), "チャットログ"); // W
        assert_eq!(cols[23].label(Locale::Ja), "通話前アンケート:質問1"); // X
        assert_eq!(cols[222].label(Locale::Ja), "通話後アンケート:回答50"); // HO
    }

    #[test]
    fn presets_parse_and_check() {
        for name in Preset::NAMES {
            let p: Preset = name.parse().unwrap();
            assert_eq!(p.name(), *name);
            let kind = if p == Preset::Callbacks {
                RecordKind::Callback
            } else {
                RecordKind::Call
            };
            ExportProfile::preset(p).check(kind).unwrap();
        }
        assert_eq!(
            "video_call_history:3".parse::<Preset>().unwrap(),
            Preset::VideoCallHistory { survey_pairs: 3 }
        );
        assert!("video_call_history:51".parse::<Preset>().is_err());
        assert!("nope".parse::<Preset>().is_err());
    }

    #[test]
    fn bad_options_are_named() {
        let mut p = ExportProfile::preset(Preset::CallHistory);
        p.csv.delimiter = b'"';
        assert!(
            matches!(p.check(RecordKind::Call), Err(Error::ExportOption { option, .. }) if option == "csv.delimiter")
        );
        let p = ExportProfile::preset(Preset::Callbacks);
        assert!(p.check(RecordKind::Call).is_err());
        let p = ExportProfile::preset(Preset::CallHistory).datetime_format("%Q");
        assert!(p.check(RecordKind::Call).is_err());
    }

    #[test]
    fn option_names_round_trip() {
        for n in DurationFormat::NAMES {
            assert_eq!(n.parse::<DurationFormat>().unwrap().to_string(), *n);
        }
        for n in EnumStyle::NAMES {
            assert_eq!(n.parse::<EnumStyle>().unwrap().to_string(), *n);
        }
        for n in CsvEncoding::NAMES {
            assert_eq!(n.parse::<CsvEncoding>().unwrap().to_string(), *n);
        }
        for n in Unencodable::NAMES {
            assert_eq!(n.parse::<Unencodable>().unwrap().to_string(), *n);
        }
        for n in Layout::NAMES {
            assert_eq!(n.parse::<Layout>().unwrap().to_string(), *n);
        }
        assert_eq!(
            "UTF8-BOM".parse::<CsvEncoding>().unwrap(),
            CsvEncoding::Utf8Bom
        );
        assert!("latin1".parse::<CsvEncoding>().is_err());
    }

    #[test]
    fn survey_pairs_replace_in_place() {
        let p = ExportProfile::preset(Preset::VideoCallHistory { survey_pairs: 50 })
            .with_survey_pairs(2);
        assert_eq!(p.columns.len(), 23 + 8);
        assert_eq!(p.columns[23].id(), "pre_survey_question_1");
        assert_eq!(p.columns[30].id(), "post_survey_answer_2");
    }
}

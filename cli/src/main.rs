//! `calllog`: the command for an administrator who has a phone system's CDR file and wants a
//! seed's report, or the contact-center metrics of it in the terminal.
//!
//! ```sh
//! calllog convert Master.csv --from asterisk_csv --time-zone Asia/Tokyo \
//!     --preset video_call_history --locale ja -o calls.xlsx
//! calllog metrics ctr.jsonl --from connect_ctr --by queue
//! calllog demo -o out/
//! ```
//!
//! Everything is streamed: records are read, checked and written one at a time, so memory
//! stays flat whatever the file's size. Exit codes: 0 success, 2 a usage error, 65 bad input
//! data (the message names the file, the line or record, and the field), 74 an I/O error
//! (naming the file), 1 anything else.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use calllog::export::{CsvSink, ExportControl, ExportProfile, ExportSummary, Preset, Tz, XlsxSink};
use calllog::metrics::{GroupBy, Metrics, MetricsOptions};
use calllog::sources::{Source, SourceOptions};
use calllog::{CallRecord, Error, Locale};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Parser)]
#[command(
    name = "calllog",
    version,
    about = "Call records from phone systems into contact-center reports",
    long_about = "Reads the call records a phone system wrote (Asterisk, FreeSWITCH, Twilio, \
                  Amazon Connect) and writes the seeds' CSV and XLSX reports, or prints \
                  contact-center metrics. Records are streamed: memory stays flat.",
    after_help = "Exit codes: 0 success, 2 usage error, 65 bad input data (the message names \
                  the file, the line or record, and the field), 74 I/O error, 1 other errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Converts a CDR file into a report (CSV or XLSX, by the output's extension).
    Convert(Convert),
    /// Prints contact-center metrics of a CDR file as a table.
    Metrics(MetricsCmd),
    /// Writes calls.csv and calls.xlsx from the built-in sample data.
    Demo(Demo),
}

/// What every command that reads a CDR file takes.
#[derive(Args)]
struct Input {
    /// The CDR file to read (`-` for standard input).
    input: PathBuf,
    /// The format of the input.
    #[arg(long = "from", value_name = "SOURCE",
          value_parser = PossibleValuesParser::new(Source::NAMES).map(|s| parse_source(&s)))]
    source: Source,
    /// The IANA time zone of the file's local times (the PBX's), also used to show times in
    /// the report and to group metrics by hour and day.
    #[arg(long, value_name = "ZONE", default_value = "UTC", value_parser = parse_tz)]
    time_zone: Tz,
    /// Do not draw a progress bar (it is drawn only on a terminal anyway).
    #[arg(long)]
    no_progress: bool,
}

#[derive(Args)]
struct Convert {
    #[command(flatten)]
    input: Input,
    /// The report's layout: a seed's preset (video_call_history, call_history,
    /// contacts_simple, contacts_detailed, overview, full).
    #[arg(long, default_value = "overview", value_parser = parse_preset)]
    preset: Preset,
    /// The language of headers and labels; also picks the CSV encoding Excel expects in
    /// that language.
    #[arg(long, default_value = "en",
          value_parser = PossibleValuesParser::new(["en", "ja", "ru", "pl"]).map(|s| parse_locale(&s)))]
    locale: Locale,
    /// The file to write; its extension picks the format (.csv or .xlsx); `-` writes CSV to
    /// standard output.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// The format, when the extension does not say.
    #[arg(long, value_enum)]
    format: Option<Format>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Csv,
    Xlsx,
}

#[derive(Args)]
struct MetricsCmd {
    #[command(flatten)]
    input: Input,
    /// Groups the metrics.
    #[arg(long, value_name = "GROUP",
          value_parser = PossibleValuesParser::new(GroupBy::NAMES).map(|s| parse_group(&s)))]
    by: Option<GroupBy>,
    /// The service-level threshold in seconds.
    #[arg(long, default_value_t = 20)]
    service_level: i64,
}

#[derive(Args)]
struct Demo {
    /// The directory to write into.
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    output: PathBuf,
    /// How many sample records.
    #[arg(long, default_value_t = 100_000)]
    records: usize,
}

fn parse_source(s: &str) -> Source {
    s.parse().expect("one of Source::NAMES")
}
fn parse_tz(s: &str) -> Result<Tz, String> {
    s.parse()
        .map_err(|_| format!("{s:?} is not an IANA time zone (e.g. Asia/Tokyo)"))
}
fn parse_preset(s: &str) -> Result<Preset, String> {
    s.parse().map_err(|e: Error| e.to_string())
}
fn parse_locale(s: &str) -> Locale {
    s.parse().expect("one of en, ja, ru, pl")
}
fn parse_group(s: &str) -> GroupBy {
    s.parse().expect("one of GroupBy::NAMES")
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert(c) => convert(c),
        Command::Metrics(m) => metrics(m),
        Command::Demo(d) => demo(d),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("calllog: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}

/// A failure: what to print and the exit code.
struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    /// A core error, with the file named where the core read from a stream.
    fn core(e: Error, input: &Path, source: Option<Source>) -> Self {
        let unit = match source {
            Some(Source::AsteriskCsv | Source::FreeswitchCsv) => "line",
            Some(_) => "record",
            None => "row",
        };
        match e {
            Error::Parse {
                row,
                column,
                reason,
                ..
            } => Failure {
                message: format!(
                    "{}: {unit} {row}, field `{column}`: {reason}",
                    input.display()
                ),
                code: 65,
            },
            e @ (Error::Invalid { .. } | Error::UnknownValue { .. }) => Failure {
                message: format!("{}: {e}", input.display()),
                code: 65,
            },
            e @ Error::Io { .. } => Failure {
                message: e.to_string(),
                code: 74,
            },
            e => Failure {
                message: e.to_string(),
                code: 1,
            },
        }
    }
}

/// The progress bar on standard error: by bytes of the input when its size is known.
fn bar(total: Option<u64>, hidden: bool) -> ProgressBar {
    let target = if hidden || !std::io::stderr().is_terminal() {
        ProgressDrawTarget::hidden()
    } else {
        ProgressDrawTarget::stderr_with_hz(10)
    };
    let bar = match total {
        Some(n) => ProgressBar::with_draw_target(Some(n), target).with_style(
            ProgressStyle::with_template(
                "{msg:>14} [{bar:40.cyan/blue}] {bytes}/{total_bytes} {bytes_per_sec} ({eta})",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        ),
        None => ProgressBar::with_draw_target(None, target).with_style(
            ProgressStyle::with_template("{spinner} {msg} {bytes} {bytes_per_sec}")
                .expect("a valid template"),
        ),
    };
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// Validated records, read one at a time.
type Records = Box<dyn Iterator<Item = Result<CallRecord, Failure>>>;

/// Opens the input (a file, or standard input for `-`) as a stream of validated records,
/// with a progress bar that follows the bytes read.
fn open(input: &Input) -> Result<(Records, ProgressBar), Failure> {
    let opts = SourceOptions::new().time_zone(input.time_zone);
    let path = input.input.clone();
    let (reader, size): (Box<dyn Read + Send>, Option<u64>) = if path.as_os_str() == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        let file = std::fs::File::open(&path).map_err(|e| Failure {
            message: format!("{}: {e}", path.display()),
            code: 74,
        })?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let bar = bar(size, input.no_progress);
    let reader = std::io::BufReader::with_capacity(1 << 16, bar.wrap_read(reader));
    let source = input.source;
    let records = calllog::sources::read_from(reader, source, &opts).map(move |r| {
        let r = r.map_err(|e| Failure::core(e, &path, Some(source)))?;
        r.validate()
            .map_err(|e| Failure::core(e, &path, Some(source)))?;
        Ok(r)
    });
    Ok((Box::new(records), bar))
}

fn convert(c: Convert) -> Result<(), Failure> {
    let to_stdout = c.output.as_os_str() == "-";
    let format = match c.format {
        Some(f) => f,
        None if to_stdout => Format::Csv,
        None => match c.output.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => Format::Csv,
            Some(e) if e.eq_ignore_ascii_case("xlsx") => Format::Xlsx,
            _ => {
                return Err(Failure {
                    message: format!(
                        "{}: name the output .csv or .xlsx, or give --format",
                        c.output.display()
                    ),
                    code: 2,
                });
            }
        },
    };
    if to_stdout && format == Format::Xlsx {
        return Err(Failure {
            message: "XLSX cannot go to standard output; give -o FILE.xlsx".into(),
            code: 2,
        });
    }
    let profile = ExportProfile::preset(c.preset)
        .locale(c.locale)
        .time_zone(c.input.time_zone);
    let (records, bar) = open(&c.input)?;
    bar.set_message("reading");
    let control = ExportControl::new();
    let out = c.output.clone();
    let fail = |e: Error| Failure::core(e, &out, None);
    let summary = match format {
        Format::Csv => {
            let mut sink = if to_stdout {
                CsvSink::to_writer(std::io::stdout(), &profile, &control).map_err(fail)?
            } else {
                CsvSink::create(&c.output, &profile, &control).map_err(fail)?
            };
            write_all(records, &bar, |r| sink.write(r).map_err(fail))?;
            sink.finish().map_err(fail)?
        }
        Format::Xlsx => {
            let mut sink = XlsxSink::create(&c.output, &profile, &control).map_err(fail)?;
            let n = write_all(records, &bar, |r| sink.write(r).map_err(fail))?;
            bar.set_message(format!("{n} records, saving"));
            sink.finish().map_err(fail)?
        }
    };
    bar.finish_and_clear();
    if !to_stdout {
        print_summary(&summary);
    }
    Ok(())
}

fn write_all(
    records: impl Iterator<Item = Result<CallRecord, Failure>>,
    bar: &ProgressBar,
    mut write: impl FnMut(&CallRecord) -> Result<(), Failure>,
) -> Result<u64, Failure> {
    let mut n = 0u64;
    for r in records {
        write(&r?)?;
        n += 1;
        if n.is_multiple_of(4096) {
            bar.set_message(format!("{n} records"));
        }
    }
    Ok(n)
}

fn print_summary(s: &ExportSummary) {
    eprintln!(
        "{}: {} records, {} rows, {} sheet(s), {} bytes, {:.2} s",
        s.path.display(),
        s.records,
        s.rows,
        s.sheets,
        s.bytes,
        s.elapsed.as_secs_f64()
    );
    if s.truncated_cells > 0 {
        eprintln!(
            "{}: {} cell(s) cut at Excel's 32,767 characters",
            s.path.display(),
            s.truncated_cells
        );
    }
}

fn metrics(m: MetricsCmd) -> Result<(), Failure> {
    if m.service_level < 0 {
        return Err(Failure {
            message: format!(
                "--service-level {}: seconds cannot be negative",
                m.service_level
            ),
            code: 2,
        });
    }
    let options = MetricsOptions {
        group_by: m.by,
        time_zone: m.input.time_zone.name().to_string(),
        service_level: calllog::TimeDelta::seconds(m.service_level),
        ..MetricsOptions::default()
    };
    let input = m.input.input.clone();
    let mut builder = options
        .builder()
        .map_err(|e| Failure::core(e, &input, None))?;
    let (records, bar) = open(&m.input)?;
    bar.set_message("reading");
    for r in records {
        builder.push(&r?);
    }
    bar.finish_and_clear();
    let report = builder.finish();
    let key = m.by.map_or("", GroupBy::name);
    let mut rows = vec![row(
        if m.by.is_some() { "(all)" } else { "all" },
        &report.total,
    )];
    rows.extend(
        report
            .groups
            .iter()
            .map(|g| row(if g.key.is_empty() { "(none)" } else { &g.key }, &g.metrics)),
    );
    print_table(
        &[
            if key.is_empty() { "contacts" } else { key },
            "offered",
            "answered",
            "abandoned",
            "answer rate",
            "service level",
            "ASA",
            "AHT",
        ],
        &rows,
    );
    Ok(())
}

fn row(key: &str, m: &Metrics) -> Vec<String> {
    let pct = |v: Option<f64>| v.map_or("–".into(), |v| format!("{:.1}%", v * 100.0));
    let dur = |v: Option<calllog::TimeDelta>| {
        v.map_or("–".into(), |d| {
            let s = d.num_seconds();
            format!("{}:{:02}", s / 60, s % 60)
        })
    };
    vec![
        key.to_string(),
        m.offered.to_string(),
        m.answered.to_string(),
        m.abandoned.to_string(),
        pct(m.answer_rate),
        pct(m.service_level),
        dur(m.average_speed_of_answer),
        dur(m.average_handle_time),
    ]
}

/// A plain table: the first column left-aligned, the numbers right-aligned; widths as the
/// terminal shows them (a CJK character takes two columns).
fn print_table(header: &[&str], rows: &[Vec<String>]) {
    let cols = console::measure_text_width;
    let width = |i: usize| {
        rows.iter()
            .map(|r| cols(&r[i]))
            .chain([cols(header[i])])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..header.len()).map(width).collect();
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i] - cols(c);
            if i == 0 {
                out.push_str(c);
                out.push_str(&" ".repeat(pad));
            } else {
                out.push_str("  ");
                out.push_str(&" ".repeat(pad));
                out.push_str(c);
            }
        }
        println!("{}", out.trim_end());
    };
    line(header.to_vec());
    line(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    );
    for r in rows {
        line(r.iter().map(String::as_str).collect());
    }
}

fn demo(d: Demo) -> Result<(), Failure> {
    std::fs::create_dir_all(&d.output).map_err(|e| Failure {
        message: format!("{}: {e}", d.output.display()),
        code: 74,
    })?;
    let tokyo: Tz = "Asia/Tokyo".parse().expect("a known zone");
    let profile = ExportProfile::preset(Preset::Overview)
        .locale(Locale::Ja)
        .time_zone(tokyo);
    let seed = 2024;
    for name in ["calls.csv", "calls.xlsx"] {
        let path = d.output.join(name);
        let fail = |e: Error| Failure::core(e, &path, None);
        let bar = bar(Some(d.records as u64), false).with_style(
            ProgressStyle::with_template(
                "{msg:>10} [{bar:40.cyan/blue}] {pos}/{len} records ({eta})",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        bar.set_message(name);
        let b = bar.clone();
        let control = ExportControl::new()
            .with_total(d.records as u64)
            .with_interval(Duration::from_millis(50))
            .on_progress(move |p| b.set_position(p.rows));
        let records = calllog::sample::generate(d.records, seed);
        let summary = if name.ends_with(".csv") {
            let mut sink = CsvSink::create(&path, &profile, &control).map_err(fail)?;
            for r in records {
                sink.write(&r).map_err(fail)?;
            }
            sink.finish().map_err(fail)?
        } else {
            let mut sink = XlsxSink::create(&path, &profile, &control).map_err(fail)?;
            for r in records {
                sink.write(&r).map_err(fail)?;
            }
            sink.finish().map_err(fail)?
        };
        bar.finish_and_clear();
        print_summary(&summary);
    }
    Ok(())
}

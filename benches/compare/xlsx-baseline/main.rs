//! `xlsx-baseline <records> <output.xlsx>`: a plain rust_xlsxwriter constant-memory loop with
//! default settings over `calllog::sample::generate(n, 42)` in the 25 Overview columns
//! (English, UTC), real dates with a number format, bold header. Prints the seconds taken.

use std::time::Instant;

use calllog::{Locale, Rules, TimeDelta};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

const HEADER: [&str; 24] = [
    "Call ID",
    "Channel",
    "Direction",
    "Status",
    "Customer name",
    "From",
    "To",
    "Agents",
    "Queue",
    "Campaign",
    "Started at",
    "Talk started at",
    "Talk ended at",
    "Customer wait (s)",
    "Dial time",
    "Talk time",
    "Total duration",
    "Outcome",
    "Attempt result",
    "Success",
    "Completion code",
    "Price",
    "Recording length",
    "Staff memo",
];

fn text(ws: &mut Worksheet, row: u32, col: u16, s: Option<&str>) -> Result<(), XlsxError> {
    if let Some(s) = s {
        ws.write_string(row, col, s)?;
    }
    Ok(())
}

fn number(ws: &mut Worksheet, row: u32, col: u16, n: Option<f64>) -> Result<(), XlsxError> {
    if let Some(n) = n {
        ws.write_number(row, col, n)?;
    }
    Ok(())
}

fn secs(d: Option<TimeDelta>) -> Option<f64> {
    d.map(|d| d.num_milliseconds() as f64 / 1000.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (n, out): (usize, &str) = (args[1].parse()?, &args[2]);
    let start = Instant::now();
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet_with_constant_memory()?;
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let en = Locale::En;
    for (i, r) in calllog::sample::generate(n, 42).enumerate() {
        let d = Rules::CANONICAL.derive(&r);
        let row = i as u32 + 1;
        text(ws, row, 0, Some(&r.id))?;
        text(ws, row, 1, Some(r.channel.label(en)))?;
        text(ws, row, 2, r.direction.map(|v| v.label(en)))?;
        text(ws, row, 3, r.status.map(|v| v.label(en)))?;
        text(ws, row, 4, r.customer_name.as_deref())?;
        text(ws, row, 5, r.from.as_deref())?;
        text(ws, row, 6, r.to.as_deref())?;
        text(ws, row, 7, Some(&r.agent_names()))?;
        text(ws, row, 8, r.queue.as_deref())?;
        text(ws, row, 9, r.campaign.as_deref())?;
        let t = &r.timeline;
        for (c, ts) in [
            (10, t.started_at),
            (11, t.talk_started_at),
            (12, t.talk_ended_at),
        ] {
            if let Some(ts) = ts {
                let serial = ts.timestamp() as f64 / 86_400.0 + 25_569.0;
                ws.write_number_with_format(row, c, serial, &date)?;
            }
        }
        number(ws, row, 13, secs(d.wait))?;
        number(ws, row, 14, secs(d.dial))?;
        number(ws, row, 15, secs(d.talk))?;
        number(ws, row, 16, secs(d.total))?;
        text(ws, row, 17, Some(d.outcome.label(en)))?;
        text(ws, row, 18, r.attempt_result.map(|v| v.label(en)))?;
        text(
            ws,
            row,
            19,
            Some(if d.success { "Success" } else { "Failure" }),
        )?;
        text(ws, row, 20, r.completion_code.as_deref())?;
        number(ws, row, 21, r.price.as_ref().map(|m| m.to_f64()))?;
        text(ws, row, 22, r.price.as_ref().map(|m| m.currency.as_str()))?;
        let rec = r.recording.as_ref();
        number(
            ws,
            row,
            23,
            secs(rec.and_then(|x| if x.processing { None } else { x.duration })),
        )?;
        text(ws, row, 24, r.staff_memo.as_deref())?;
    }
    wb.save(out)?;
    println!(
        "{{\"mode\":\"xlsx-default\",\"records\":{n},\"seconds\":{:.3},\"vmhwm_kib\":{}}}",
        start.elapsed().as_secs_f64(),
        vmhwm_kib()
    );
    Ok(())
}

/// Peak RSS of this process in KiB (`VmHWM`); 0 where there is no /proc.
fn vmhwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

// The Node contender of benches/compare: `node exceljs.js <rows.jsonl> <out.xlsx>`.
// Loads the same rows as the Python contenders (untimed), dates as Date, then times only the
// exceljs streaming WorkbookWriter (shared strings off, styles on for the date format).
'use strict';
const fs = require('fs');
const ExcelJS = require('exceljs');

const HEADER = [
  'Call ID', 'Channel', 'Direction', 'Status', 'Customer name', 'From', 'To', 'Agents',
  'Queue', 'Campaign', 'Started at', 'Talk started at', 'Talk ended at', 'Customer wait (s)',
  'Dial time', 'Talk time', 'Total duration', 'Outcome', 'Attempt result', 'Success',
  'Completion code', 'Price', 'Recording length', 'Staff memo',
];

async function main() {
  const [src, out] = process.argv.slice(2);
  const rows = [];
  let text = fs.readFileSync(src, 'utf8');
  for (const line of text.split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line);
    for (const c of [10, 11, 12]) {
      if (r[c] !== null) r[c] = new Date(r[c].replace(' ', 'T') + 'Z');
    }
    rows.push(r);
  }
  text = null;
  const t = process.hrtime.bigint();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('Calls');
  ws.columns = HEADER.map((h, i) => ({
    header: h,
    key: String(i),
    style: [10, 11, 12].includes(i) ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : undefined,
  }));
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  let vmhwm = 0;
  try {
    const m = fs.readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+)/);
    if (m) vmhwm = Number(m[1]);
  } catch (e) { /* no /proc */ }
  console.log(JSON.stringify({ mode: 'exceljs-stream', records: rows.length, seconds: Math.round(seconds * 1000) / 1000, vmhwm_kib: vmhwm }));
}

main().catch((e) => { console.error(e); process.exit(1); });

// Small readers for the tests: RFC 4180 CSV and the sheets of an XLSX zip (no dependencies).
import { inflateRawSync } from 'node:zlib'

/** Parses RFC 4180 CSV (quotes, doubled quotes, CRLF, newlines in fields) into rows of strings. */
export function parseCsv (text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const rows = []
  let row = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++ } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') { row.push(cell); cell = '' } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++ } else cell += c
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row) }
  return rows
}

/** The entries of a zip file: name -> uncompressed Buffer (stored or deflated). */
export function unzip (buf) {
  assertZip(buf)
  let eocd = buf.length - 22
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--
  if (eocd < 0) throw new Error('no end of central directory')
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  const out = new Map()
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory')
    const method = buf.readUInt16LE(p + 10)
    const size = buf.readUInt32LE(p + 20)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const local = buf.readUInt32LE(p + 42)
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen)
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = buf.subarray(dataAt, dataAt + size)
    out.set(name, method === 0 ? data : inflateRawSync(data))
    p += 46 + nameLen + extraLen + commentLen
  }
  return out
}

export function assertZip (buf) {
  if (buf.readUInt32LE(0) !== 0x04034b50) throw new Error('not a zip file')
}

/** Rows of each worksheet of an XLSX workbook: cell texts (shared or inline strings, numbers). */
export function xlsxSheets (buf) {
  const files = unzip(buf)
  const shared = []
  const sst = files.get('xl/sharedStrings.xml')
  if (sst) for (const m of sst.toString('utf8').matchAll(/<si>([\s\S]*?)<\/si>/g)) shared.push(xmlText(m[1]))
  const sheets = []
  const names = [...files.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
    .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]))
  for (const n of names) {
    const xml = files.get(n).toString('utf8')
    const rows = []
    for (const r of xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
      const cells = []
      for (const c of r[1].matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attrs = c[1]
        const body = c[2] ?? ''
        const v = body.match(/<v>([\s\S]*?)<\/v>/)
        if (/t="s"/.test(attrs)) cells.push(shared[Number(v[1])])
        else if (/t="inlineStr"/.test(attrs)) cells.push(xmlText(body))
        else cells.push(v ? v[1] : '')
      }
      rows.push(cells)
    }
    sheets.push(rows)
  }
  return sheets
}

function xmlText (s) {
  return [...s.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((m) => m[1]).join('')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
}

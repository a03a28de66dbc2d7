// Every JavaScript snippet of README.md (its Node section) and bindings-node/README.md runs as
// written, in a child process, from a directory where `require('calllog')` is this package.
// Names a snippet takes from the text around it (`log`, `CallLog`, `CalllogError`) are given
// by a prelude in an outer scope, so a snippet that declares them itself shadows them.
// The HTTP download snippet is run for real: a client hangs up in the middle of a large
// download, and the server must stay up and serve the next client in full.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..')
const repo = join(pkg, '..')

/** The ```js blocks of a Markdown file, with the line each starts on. */
export function jsBlocks (file) {
  const lines = readFileSync(file, 'utf8').split('\n')
  const blocks = []
  let cur = null
  lines.forEach((line, i) => {
    if (cur === null && /^```(js|javascript)\s*$/.test(line)) cur = { file, line: i + 2, text: [] }
    else if (cur !== null && /^```\s*$/.test(line)) { blocks.push({ ...cur, text: cur.text.join('\n') }); cur = null } else if (cur !== null) cur.text.push(line)
  })
  return blocks
}

const blocks = [...jsBlocks(join(repo, 'README.md')), ...jsBlocks(join(pkg, 'README.md'))]

function workdir () {
  const dir = mkdtempSync(join(tmpdir(), 'calllog-readme-js-'))
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(pkg, join(dir, 'node_modules', 'calllog'), 'dir')
  // the Arrow snippet's apache-arrow (a devDependency of the package)
  symlinkSync(join(pkg, 'node_modules', 'apache-arrow'), join(dir, 'node_modules', 'apache-arrow'), 'dir')
  return dir
}

const PRELUDE = `'use strict'
const { CallLog, CalllogError } = require('calllog')
const log = CallLog.sample(200000)
`
// the snippet in an async function (for its top-level await); an error fails the process
const script = (b) => `${PRELUDE}\n;(async () => {\n${b.text}\n})().catch((e) => { console.error(e); process.exit(1) })\n`

test('the READMEs have their JavaScript snippets', () => {
  assert.ok(blocks.length >= 5, `found ${blocks.length}`)
  assert.ok(blocks.some((b) => b.text.includes('createServer')), 'the download snippet')
})

for (const b of blocks.filter((b) => !b.text.includes('createServer'))) {
  test(`snippet ${b.file.slice(repo.length + 1)}:${b.line} runs as written`, { timeout: 120_000 }, () => {
    const dir = workdir()
    try {
      writeFileSync(join(dir, 'snippet.cjs'), script(b))
      const r = spawnSync(process.execPath, ['snippet.cjs'], { cwd: dir, encoding: 'utf8', timeout: 100_000 })
      assert.equal(r.status, 0, `${b.file}:${b.line}\n${r.stdout}\n${r.stderr}`)
      if (b.text.includes("exportXlsx('calls.xlsx'")) assert.ok(existsSync(join(dir, 'calls.xlsx')))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
}

// Every snippet also type-checks under `tsc --strict` (checkJs) against the published types,
// as written: the same prelude, declared names come from 'calllog' itself.
test('every README snippet type-checks under tsc --strict', { timeout: 180_000 }, () => {
  const dir = workdir()
  try {
    const files = blocks.map((b, i) => {
      const name = `snippet${i}.js`
      const prelude = `// ${b.file.slice(repo.length + 1)}:${b.line}\n'use strict'\nconst { CallLog, CalllogError } = require('calllog')\nconst log = CallLog.sample(1)\n`
      writeFileSync(join(dir, name), `${prelude};(async () => {\n${b.text}\n})()\n`)
      return name
    })
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true,
        allowJs: true,
        checkJs: true,
        noEmit: true,
        module: 'node16',
        moduleResolution: 'node16',
        target: 'es2022',
        types: ['node'],
        typeRoots: [join(pkg, 'node_modules/@types')],
      },
      files,
    }))
    const r = spawnSync(process.execPath, [join(pkg, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', cwd: dir })
    // name the README line of each error
    const out = (r.stdout + r.stderr).replace(/snippet(\d+)\.js\((\d+),/g, (_, i, line) => {
      const b = blocks[Number(i)]
      return `${b.file.slice(repo.length + 1)}:${b.line + Number(line) - 6}(`
    })
    assert.equal(r.status, 0, out)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

/** Sends a GET and reads `limit` bytes (or all of it), then hangs up; resolves with what came. */
function get (port, limit = Infinity) {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1')
    let got = Buffer.alloc(0)
    s.on('connect', () => s.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))
    s.on('data', (d) => {
      got = Buffer.concat([got, d])
      if (got.length >= limit) { s.destroy(); resolve(got) }
    })
    s.on('end', () => resolve(got))
    s.on('error', reject)
  })
}

/** The body of a chunked HTTP/1.1 response. */
function dechunk (buf) {
  const parts = []
  let at = 0
  for (;;) {
    const eol = buf.indexOf('\r\n', at)
    assert.ok(eol > 0, 'a complete chunked body')
    const size = parseInt(buf.subarray(at, eol).toString(), 16)
    if (size === 0) return Buffer.concat(parts)
    parts.push(buf.subarray(eol + 2, eol + 2 + size))
    at = eol + 2 + size + 2
  }
}

for (const b of blocks.filter((b) => b.text.includes('createServer'))) {
  test(`download snippet ${b.file.slice(repo.length + 1)}:${b.line} survives a client that hangs up`, { timeout: 180_000 }, async () => {
    const dir = workdir()
    // the snippet listens where it says; the test asks the kernel for a free port instead
    const portFile = join(dir, 'port')
    const listen = `const __http = require('node:http')
const __listen = __http.Server.prototype.listen
__http.Server.prototype.listen = function (...args) {
  this.once('listening', () => require('node:fs').writeFileSync(${JSON.stringify(portFile)}, String(this.address().port)))
  return __listen.call(this, 0, '127.0.0.1')
}
`
    writeFileSync(join(dir, 'server.cjs'), listen + script(b))
    const child = spawn(process.execPath, ['server.cjs'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => { stderr += d })
    let exited = null
    child.on('exit', (code, signal) => { exited = { code, signal } })
    try {
      const t0 = Date.now()
      while (!existsSync(portFile) || readFileSync(portFile, 'utf8') === '') {
        assert.equal(exited, null, `the server ended before listening: ${stderr}`)
        assert.ok(Date.now() - t0 < 60_000, 'the server did not listen')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      const port = Number(readFileSync(portFile, 'utf8'))
      // three clients hang up after 64 KiB of a ~40 MB download
      for (let i = 0; i < 3; i++) {
        const part = await get(port, 64 * 1024)
        assert.ok(part.length >= 64 * 1024)
        await new Promise((resolve) => setTimeout(resolve, 300))
        assert.equal(exited, null, `the server died after a client hung up: ${stderr}`)
      }
      // the next client gets the whole file: 200,000 records plus the header
      const whole = await get(port)
      const head = whole.subarray(0, whole.indexOf('\r\n\r\n')).toString()
      assert.match(head, /^HTTP\/1\.1 200/)
      assert.match(head, /transfer-encoding: chunked/i)
      assert.equal(exited, null, stderr)
      assert.equal(stderr, '', 'a hang-up is not an error worth logging')
      const csv = dechunk(whole.subarray(whole.indexOf('\r\n\r\n') + 4))
      const expected = spawnSync(process.execPath, ['-e', `
        const { CallLog } = require('calllog')
        const log = CallLog.sample(200000)
        log.exportCsv('expected.csv', { preset: 'call_history', locale: 'ru' }).catch((e) => { console.error(e); process.exit(1) })`], { cwd: dir, encoding: 'utf8' })
      assert.equal(expected.status, 0, expected.stderr)
      assert.ok(csv.equals(readFileSync(join(dir, 'expected.csv'))), 'the download is the exported file, byte for byte')
    } finally {
      child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  })
}

// Packaging as a Node user meets it: `require('calllog')` and `import ... from 'calllog'` resolve
// through the `exports` map to the same objects; ESM names every CommonJS export; `npm install`
// leaves the committed lock file as it is (the Makefile runs it on every test run).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..')

test('import and require give the same objects; ESM has every export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'calllog-esm-'))
  try {
    mkdirSync(join(dir, 'node_modules'))
    symlinkSync(pkg, join(dir, 'node_modules', 'calllog'), 'dir')
    writeFileSync(join(dir, 'a.mjs'), `
      import { createRequire } from 'node:module'
      import * as esm from 'calllog'
      import { CallLog, CallLogError, CalllogError } from 'calllog'
      const cjs = createRequire(import.meta.url)('calllog')
      const missing = Object.keys(cjs).filter((k) => !k.startsWith('_') && !(k in esm))
      if (missing.length) throw new Error('not in ESM: ' + missing)
      if (CallLog !== cjs.CallLog || CallLogError !== CalllogError) throw new Error('different objects')
      if (CallLog.sample(3).length !== 3) throw new Error('sample')
    `)
    const r = spawnSync(process.execPath, ['a.mjs'], { cwd: dir, encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('engines matches what the build tool (@napi-rs/cli) supports', () => {
  const ours = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).engines.node
  const cli = JSON.parse(readFileSync(join(pkg, 'node_modules/@napi-rs/cli/package.json'), 'utf8')).engines.node
  const norm = (s) => s.replace(/\s+/g, '')
  assert.equal(norm(ours), norm(cli), `ours ${ours}, @napi-rs/cli ${cli}`)
})

test('npm install keeps the committed package-lock.json as it is', { timeout: 300_000 }, () => {
  const r = spawnSync('git', ['diff', '--exit-code', '--stat', '--', 'package-lock.json'], { cwd: pkg, encoding: 'utf8' })
  if (r.error || r.status === 128) return // not a git checkout (a packed tarball)
  assert.equal(r.status, 0, `npm install rewrote package-lock.json:\n${r.stdout}`)
})

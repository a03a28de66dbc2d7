// Faults from outside: a real full disk (a 512 KiB tmpfs). Exporting either format onto it
// rejects with CALLLOG_IO (errno 28) — the XLSX case used to abort the process — the old file
// stays, nothing is left behind, and the process goes on to export again.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CallLog, CalllogError } from '../lib.js'

test('a full disk is a CALLLOG_IO rejection for CSV and XLSX; the old file stays', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'calllog-node-tmpfs-'))
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', dir])
  if (m.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    t.skip('cannot mount a tmpfs here (needs root): full-disk case not run')
    return
  }
  try {
    const log = CallLog.sample(20000)
    for (const ext of ['csv', 'xlsx']) {
      const target = join(dir, `calls.${ext}`)
      writeFileSync(target, 'the old file')
      const run = ext === 'csv' ? log.exportCsv(target, { preset: 'overview' }) : log.exportXlsx(target, { preset: 'overview' })
      await assert.rejects(run, (e) => e instanceof CalllogError && e.code === 'CALLLOG_IO' && e.errno === 28 && e.path === target)
      assert.equal(readFileSync(target, 'utf8'), 'the old file')
      assert.deepEqual(readdirSync(dir), [`calls.${ext}`])
      rmSync(target)
    }
    const ok = join(mkdtempSync(join(tmpdir(), 'calllog-node-ok-')), 'ok.xlsx')
    await log.exportXlsx(ok, { preset: 'overview' })
    assert.ok(statSync(ok).size > 0)
  } finally {
    spawnSync('umount', [dir])
    rmSync(dir, { recursive: true, force: true })
  }
})

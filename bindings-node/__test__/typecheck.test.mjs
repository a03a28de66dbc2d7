// The published types (lib.d.ts + the generated index.d.ts) compile under `tsc --strict` and
// describe the API: __test__/ts/usage.ts uses it, and its @ts-expect-error lines must fail.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

test('tsc --strict accepts the types and their use', { timeout: 120_000 }, () => {
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, '__test__/ts/tsconfig.json')], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stdout + r.stderr)
})

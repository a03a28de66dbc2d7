// No silent changes to data: a key a record or an options object does not have is an error
// naming the record (index, id) and the key path, unless the caller opts out.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CallLog, CallbackList, CalllogError, validate, _optionShapes } from '../lib.js'

const invalid = (field, index, recordId) => (e) => {
  assert.ok(e instanceof CalllogError, String(e))
  assert.equal(e.code, 'CALLLOG_INVALID')
  assert.equal(e.field, field)
  if (index !== undefined) assert.equal(e.index, index)
  if (recordId !== undefined) assert.equal(e.recordId, recordId)
  return true
}

test('an unknown key at any depth of a record names the record and the key path', () => {
  const ok = { id: 'a' }
  assert.throws(() => CallLog.from([ok, { id: 'x', custmerName: 'A' }]), invalid('custmerName', 1, 'x'))
  assert.throws(() => CallLog.from([{ id: 'y', timeline: { startdAt: new Date() } }]), invalid('timeline.startdAt', 0, 'y'))
  assert.throws(() => CallLog.from([{ id: 'z', agents: [{ name: 'A' }, { nmae: 'B' }] }]), invalid('agents.nmae', 0, 'z'))
  assert.throws(() => CallLog.from([{ id: 'n', notes: [{ text: 'a' }, { text: 'b', autor: 'x' }] }]), invalid('notes[1].autor', 0, 'n'))
  assert.throws(() => CallLog.from([{ id: 'p', price: { amount: '1', currency: 'EUR', curency: 'x' } }]), invalid('price.curency', 0, 'p'))
  assert.throws(() => CallLog.from([{ id: 'v', visit: { utmSource: 'g' } }]), invalid('visit.utmSource', 0, 'v'))
  assert.throws(() => CallLog.from([{ id: 'i', ivrPath: [{ nod: 'menu' }] }]), invalid('ivrPath[0].nod', 0, 'i'))
  assert.throws(() => CallLog.from([{ id: 'r', reported: { talkk: 3 } }]), invalid('reported.talkk', 0, 'r'))
  const long = 'k'.repeat(80)
  assert.throws(() => CallLog.from([{ id: 'l', [long]: 1 }]), invalid(long, 0, 'l'))
  assert.throws(() => validate({ id: 'w', colour: 'red' }), invalid('colour', undefined, 'w'))
  // extra keeps any key; derived (what toArray adds) is read back without complaint
  const log = CallLog.from([{ id: 'e', extra: { anyKey: 'v' } }])
  assert.equal(CallLog.from(log.toArray()).length, 1)
})

test('ignoreUnknown: true skips unknown keys; the rest of the record is kept', () => {
  const log = CallLog.from([{ id: 'x', custmerName: 'A', customerName: 'B', timeline: { startdAt: 1 } }], { ignoreUnknown: true })
  assert.equal(log.at(0).customerName, 'B')
  // and strictness is back for the next call
  assert.throws(() => CallLog.from([{ id: 'x', custmerName: 'A' }]), invalid('custmerName', 0, 'x'))
})

test('a record that contains itself, a throwing getter or a Proxy is a typed error with its index', () => {
  const self = { id: 's' }
  self.timeline = self
  assert.throws(() => CallLog.from([self]), invalid('timeline.id', 0, 's'))
  const getter = { id: 'g', get customerName () { throw new Error('getter boom') } }
  assert.throws(() => CallLog.from([{ id: 'ok' }, getter]), (e) => {
    invalid('customerName', 1, 'g')(e)
    assert.match(e.reason, /getter boom/)
    return true
  })
  const proxy = new Proxy({ id: 'p' }, { ownKeys () { throw new Error('trap boom') } })
  assert.throws(() => CallLog.from([proxy]), (e) => e instanceof CalllogError && e.code === 'CALLLOG_INVALID' && e.index === 0 && /trap boom/.test(e.reason))
  // the process and the next call are fine
  assert.equal(CallLog.from([{ id: 'after' }]).length, 1)
})

test('callback entries refuse unknown keys too', () => {
  assert.throws(() => CallbackList.from([{ id: 'c', memmo: 'x' }]), (e) => e instanceof CalllogError && e.code === 'CALLLOG_INVALID' && e.field === 'memmo')
})

test('unknown export, filter and query options are errors naming the option', async () => {
  const log = CallLog.sample(10)
  assert.throws(() => log.exportCsv('x.csv', { local: 'ru' }), (e) => e instanceof CalllogError && e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'local')
  assert.throws(() => log.csvStream({ csv: { delimeter: ';' } }), (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'csv.delimeter')
  assert.throws(() => log.xlsxStream({ xlsx: { sheet: 'x' } }), (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'xlsx.sheet')
  assert.throws(() => log.filter({ chanels: ['voice'] }), (e) => e.code === 'CALLLOG_FILTER' && e.field === 'chanels')
  assert.throws(() => log.query({ filter: { statuses: [], stauts: 1 } }), (e) => e.code === 'CALLLOG_FILTER' && e.field === 'filter.stauts')
  assert.throws(() => log.metrics({ servceLevel: 20 }), (e) => e.code === 'CALLLOG_FILTER' && e.field === 'servceLevel')
  assert.throws(() => CallLog.from([], { rule: 'voximplant' }), (e) => e.code === 'CALLLOG_EXPORT_OPTION' && e.option === 'rule')
})

test('the option shapes lib.js checks are the interfaces of index.d.ts and lib.d.ts', () => {
  const here = dirname(fileURLToPath(import.meta.url))
  const dts = ['index.d.ts', 'lib.d.ts'].map((f) => readFileSync(join(here, '..', f), 'utf8')).join('\n')
  const keysOf = (name) => {
    const m = dts.match(new RegExp(`export interface ${name}(?: extends (\\w+))? \\{([\\s\\S]*?)\\n\\}`))
    assert.ok(m, `the d.ts files have ${name}`)
    const own = [...m[2].matchAll(/^\s+(\w+)\??:/gm)].map((x) => x[1])
    return m[1] ? [...keysOf(m[1]), ...own] : own
  }
  for (const [name, shape] of Object.entries(_optionShapes)) {
    assert.deepEqual([...shape.keys].sort(), keysOf(name).sort(), name)
  }
})

// Every error path of the binding: stable codes, locations, the JS error classes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CallLog, CalllogError, derive, label, validate, rulesPreset, validateCallback, _convertError } from '../lib.js'

const is = (props) => (e) => {
  assert.ok(e instanceof CalllogError, `CalllogError expected, got ${e && e.name}: ${e && e.message}`)
  assert.ok(e instanceof Error)
  assert.equal(e.name, 'CalllogError')
  for (const [k, v] of Object.entries(props)) assert.deepEqual(e[k], v, k)
  assert.ok(!e.message.startsWith('calllog-error:'), 'payload is not leaked into the message')
  return true
}

test('validation error: code, recordId, field (camelCase), index', () => {
  const good = { id: 'ok' }
  const bad = { id: 'c-7', timeline: { talkStartedAt: new Date('2024-05-01T10:05:00Z'), talkEndedAt: new Date('2024-05-01T10:00:00Z') } }
  assert.throws(() => CallLog.from([good, bad]), is({ code: 'CALLLOG_INVALID', recordId: 'c-7', field: 'timeline.talkEndedAt', index: 1 }))
  assert.throws(() => validate(bad), is({ code: 'CALLLOG_INVALID', recordId: 'c-7', field: 'timeline.talkEndedAt' }))
  assert.throws(() => derive(bad), is({ code: 'CALLLOG_INVALID' }))
})

test('out-of-range values are invalid, not wrapped or truncated', () => {
  assert.throws(() => CallLog.from([{ id: 'r', callRating: 300 }]), is({ code: 'CALLLOG_INVALID', recordId: 'r', field: 'callRating' }))
  assert.throws(() => CallLog.from([{ id: 'r', callRating: 6 }]), is({ code: 'CALLLOG_INVALID', field: 'callRating' }))
  assert.throws(() => CallLog.from([{ id: 'r', reported: { talk: Infinity } }]), is({ code: 'CALLLOG_INVALID', field: 'reported.talk' }))
  assert.throws(() => CallLog.from([{ id: 'r', reported: { talk: -1 } }]), is({ code: 'CALLLOG_INVALID', field: 'reported.talk' }))
  assert.throws(() => CallLog.from([{ id: '' }]), is({ code: 'CALLLOG_INVALID', field: 'id' }))
  assert.throws(() => CallLog.from([{ id: 's', preSurvey: [{ index: 51, question: 'q' }] }]), is({ code: 'CALLLOG_INVALID', recordId: 's' }))
})

test('unknown vocabulary word: value, accepted list, record and field', () => {
  assert.throws(() => CallLog.from([{ id: 'u', attemptResult: 'maybe' }]), is({
    code: 'CALLLOG_UNKNOWN_VALUE', vocabulary: 'attempt_result', value: 'maybe', recordId: 'u', field: 'attemptResult', index: 0,
  }))
  assert.throws(() => CallLog.from([{ id: 'u', channel: 'fax' }]), (e) => is({ code: 'CALLLOG_UNKNOWN_VALUE' })(e) && e.accepted.includes('video'))
  assert.throws(() => label('nope', 'x', 'en'), is({ code: 'CALLLOG_UNKNOWN_VALUE', vocabulary: 'vocabulary' }))
  assert.throws(() => label('channel', 'video', 'de'), is({ code: 'CALLLOG_UNKNOWN_VALUE', vocabulary: 'locale' }))
  assert.throws(() => rulesPreset('genesys'), is({ code: 'CALLLOG_UNKNOWN_VALUE', value: 'genesys' }))
  assert.throws(() => CallLog.from([], { rules: { talk: 'sometimes' } }), is({ code: 'CALLLOG_UNKNOWN_VALUE', vocabulary: 'talk_rule' }))
  assert.throws(() => CallLog.from([]).withRules('x'), is({ code: 'CALLLOG_UNKNOWN_VALUE' }))
})

test('money must be an exact decimal with a currency', () => {
  assert.throws(() => CallLog.from([{ id: 'm', price: { amount: '1,5', currency: 'RUB' } }]), is({ code: 'CALLLOG_UNKNOWN_VALUE', recordId: 'm', field: 'price.amount' }))
  assert.throws(() => CallLog.from([{ id: 'm', price: { amount: '1.5', currency: 'RUBLE' } }]), is({ code: 'CALLLOG_INVALID', recordId: 'm' }))
})

test('wrong JS types inside a record: CALLLOG_INVALID with the field path', () => {
  assert.throws(() => CallLog.from([{ id: 5 }]), is({ code: 'CALLLOG_INVALID', field: 'id', index: 0 }))
  assert.throws(() => CallLog.from([{ id: 'd', timeline: { startedAt: '2024-05-01' } }]), is({ code: 'CALLLOG_INVALID', recordId: 'd', field: 'timeline.startedAt' }))
  // an invalid Date is rejected, not read as 1970-01-01
  assert.throws(() => derive({ id: 'd', timeline: { startedAt: new Date('nope') } }), is({ code: 'CALLLOG_INVALID', recordId: 'd', field: 'timeline.startedAt', reason: 'invalid Date' }))
  assert.throws(() => CallLog.from([{ id: 'a', agents: 'Anna' }]), is({ code: 'CALLLOG_INVALID', field: 'agents' }))
  assert.throws(() => CallLog.from([null]), is({ code: 'CALLLOG_INVALID', index: 0 }))
  assert.throws(() => validateCallback({ id: 'cb', registeredAt: 'yesterday' }), is({ code: 'CALLLOG_INVALID', recordId: 'cb', field: 'registeredAt' }))
})

test('wrong argument types: TypeError with code CALLLOG_INVALID_ARGUMENT', () => {
  assert.throws(() => CallLog.from('not an array'), (e) => e instanceof TypeError && e.code === 'CALLLOG_INVALID_ARGUMENT')
  assert.throws(() => label(1, 2, 3), (e) => e instanceof TypeError && e.code === 'CALLLOG_INVALID_ARGUMENT')
  assert.throws(() => new CallLog(), /constructor/)
})

test('the error mapping leaves foreign errors alone and keeps a useful stack', () => {
  const plain = new RangeError('x')
  assert.equal(_convertError(plain), plain)
  const garbled = new Error('calllog-error:{not json')
  assert.equal(_convertError(garbled), garbled)
  try {
    validate({ id: '' })
    assert.fail('should throw')
  } catch (e) {
    assert.match(e.stack, /errors\.test\.mjs/)
  }
})

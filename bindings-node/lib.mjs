// The ES module entry of the npm package `calllog`: the same objects as `require('calllog')`
// (lib.js), as named exports. A test checks that every CommonJS export is here.
import cjs from './lib.js'

export const {
  CallLog,
  CallLogError,
  CalllogError,
  CallbackList,
  JobQueue,
  derive,
  editContact,
  exportPresets,
  isSuccessResult,
  label,
  rulesPreset,
  rulesPresets,
  validate,
  validateCallback,
  vocabularies,
} = cjs
export default cjs

export * from './all-runs.js';
export * from './ledger.js';
export {
  jobRecordSchema,
  runRecordObject,
  runRecordSchema,
  runTriggerSchema,
  scheduleTickSchema,
} from './records.js';
export { DEFAULT_RUN_PAGE, MAX_DAYS_PER_PAGE, MAX_RUN_PAGE } from './run-pages.js';
export * from './table-ledger.js';

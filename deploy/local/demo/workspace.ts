/**
 * The workspace packages the demo uses, imported from their sources by path: deploy/local is
 * not a workspace package (it runs before anything is built, through tsx), so the bare
 * `@fleetscore/*` names do not resolve from here. The packages' own dependencies resolve from
 * their folders as usual. Keep this the only file that reaches into packages/ and services/.
 */

// ioredis through the shared package's own dependency (the demo's one Redis call: cleanup).
export { Redis } from '../../../packages/shared/node_modules/ioredis/built/index.js';
export {
  decodeWindowBlob,
  hourPath,
  hoursBetween,
  openBlobStore,
  parsePredictionCsv,
  runLogsPrefix,
  runPredictionsPrefix,
} from '../../../packages/shared/src/index.js';
export type { BlobStore } from '../../../packages/shared/src/ports/index.js';
export type {
  JobPage,
  ReportBody,
  RunBody,
} from '../../../services/scheduler/src/api/schemas.js';

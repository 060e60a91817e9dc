/**
 * One demo session's own names: blob container, table prefix, job queue and readings stream.
 * A session never sees another's data (a second `pnpm demo` in the same hour would otherwise
 * send readings for windows the aggregator already closed, which it drops as late), and the
 * end-to-end tests run side by side the same way.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { repoRoot } from './services.js';

export interface Session {
  /** e.g. `demo-20261126t0938-k3x9`: lower-case letters, digits and `-`. */
  id: string;
  container: string;
  tablePrefix: string;
  queue: string;
  stream: string;
  /** Local files of the session (labels): `.fleetscore/demo/<id>/`. */
  dir: string;
}

/** `prefix`: lower-case letters (it starts the table prefix, which must start with a letter). */
export function newSession(prefix = 'demo', now = new Date()): Session {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').toLowerCase();
  const suffix = randomBytes(3).toString('hex');
  const id = `${prefix}-${stamp}-${suffix}`;
  return {
    id,
    container: id,
    tablePrefix: id.replace(/-/g, ''),
    queue: id,
    stream: id,
    dir: resolve(repoRoot, '.fleetscore/demo', id),
  };
}

/** The variables that point every service at the session's names. */
export const sessionEnv = (s: Session): Record<string, string> => ({
  FLEETSCORE_BLOB_CONTAINER: s.container,
  FLEETSCORE_TABLE_PREFIX: s.tablePrefix,
  FLEETSCORE_JOB_QUEUE: s.queue,
  FLEETSCORE_STREAM_NAME: s.stream,
});

/** The services' default names (`pnpm start`: one long-lived deployment, kept across restarts). */
export const defaultSession = (): Session => ({
  id: 'fleetscore',
  container: 'fleetscore',
  tablePrefix: 'fleetscore',
  queue: 'scoring',
  stream: 'readings',
  dir: resolve(repoRoot, '.fleetscore/start'),
});

import { randomInt } from 'node:crypto';
import { runId } from '@fleetscore/shared';
import type { RunTrigger } from '@fleetscore/shared/ledger';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A run's id: `{schedule}-{windowStart}` for a scheduled run (the same on every replica and
 * retry, so the ledger's conditional insert makes it exactly-once), `{api|cli}-{windowStart}-
 * {6 random}` otherwise (two requests for the same window are two runs).
 */
export function newRunId(trigger: RunTrigger, from: Date): string {
  if (trigger.kind === 'schedule') return runId(trigger.schedule, from);
  const suffix = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return runId(trigger.kind, from, suffix);
}

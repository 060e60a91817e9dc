// The parts of the scheduler API's bodies the dashboard reads. The scheduler's zod schemas
// (services/scheduler/src/api/schemas.ts, served as OpenAPI at /docs/json on its internal
// listener) are the contract; these are a read-only subset, kept here so the browser bundle
// does not pull in zod or the scheduler's server code.

export interface Page<T> {
  items: T[];
  continuation?: string;
}

export interface Totals {
  entities: number;
  scored: number;
  noData: number;
  noModel: number;
  failed: number;
  rows: number;
  anomalies: number;
}

export interface Run {
  id: string;
  kind: 'score' | 'train';
  from: string;
  to: string;
  state: string;
  createdAt: string;
  startedAt?: string;
  endedAt?: string;
  jobCount: number;
  jobStates: Record<string, number>;
  totals?: Totals;
  reason?: string;
  durationMs?: number;
}

export interface Job {
  runId: string;
  index: number;
  shard: number;
  size: number;
  state: string;
  attempts: number;
  queuedAt: string;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  workerId?: string;
  error?: string;
  summary?: { rows: number; anomalies: number; scored: number; failed: number };
  /** Blob name of the job's NDJSON log (the API serves no blob content). */
  log?: string;
}

export interface ReportEntity {
  entity: string;
  status: string;
  rows: number;
  anomalies: number;
  modelVersion?: number;
  reason?: string;
  job?: number;
}

export interface Report {
  runId: string;
  state: string;
  generatedAt: string;
  totals: Totals;
  entities: ReportEntity[];
  unmodelled: string[];
  silent: string[];
  deadLettered: Array<{ job: number; reason: string }>;
}

export interface Prediction {
  /** Window end. */
  ts: string;
  device: string;
  sensor: string;
  value: number | null;
  anomaly: boolean;
  decision: number;
  modelVersion: number;
  runId: string;
}

export interface DeadLetter {
  id: string;
  runId?: string;
  jobIndex?: number;
  kind?: string;
  entities?: number;
  reason: string;
  attempts: number;
  deadLetteredAt: string;
}

export interface ModelDetail {
  entry: { entity: string; current: number; latest: number; previous?: number; updatedAt: string };
  versions: Array<{ version: number; createdAt: string; source: string; note?: string }>;
}

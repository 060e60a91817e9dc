import type { JobBody, ReportBody, RunBody } from '@fleetscore/shared';
import pMap from 'p-map';
import { all, api, isProblem, seg } from '../api.js';
import { h, table } from '../dom.js';
import { formatDuration, formatRate, formatTime, formatWindow } from '../format.js';
import { ganttLayout } from '../gantt.js';
import { ganttView } from '../gantt-view.js';
import { binAnomalies } from '../heatmap.js';
import { heatmapView } from '../heatmap-view.js';
import { badge, errorView, type Page } from '../page.js';
import { predictionsOf } from '../predictions.js';
import { pathOf } from '../routes.js';

/** Entities in the heat map: the most anomalous of the report (one predictions query each). */
const HEATMAP_ENTITIES = 30;
const HEATMAP_BUCKETS = 60;
/** Predictions queries at once: the page waits for all, and the first failure fails it. */
const HEATMAP_QUERIES = 4;

async function reportOf(id: string): Promise<ReportBody | undefined> {
  try {
    return await api<ReportBody>(`/v1/runs/${seg(id)}/report`);
  } catch (error) {
    if (isProblem(error, 'report-not-ready')) return undefined;
    throw error;
  }
}

function summary(run: RunBody): Element {
  const t = run.totals;
  const item = (term: string, value: Node | string | number) =>
    h('div', {}, h('dt', {}, term), h('dd', {}, value));
  return h(
    'dl',
    { class: 'summary' },
    item('Status', badge(run.state)),
    item('Window', formatWindow(run.from, run.to)),
    item('Created', formatTime(run.createdAt)),
    item('Duration', formatDuration(run.durationMs)),
    item('Jobs', run.jobCount),
    item('Entities', t?.entities ?? '—'),
    item('Scored', t?.scored ?? '—'),
    item('Failed', t?.failed ?? '—'),
    item('No data', t?.noData ?? '—'),
    item('No model', t?.noModel ?? '—'),
    item('Rows', t?.rows ?? '—'),
    item('Anomalies', t ? `${t.anomalies} (${formatRate(t.anomalies, t.rows)})` : '—'),
  );
}

function entityLink(run: RunBody, entity: string) {
  return pathOf({ page: 'entity', entity, from: run.from, to: run.to });
}

function reportView(run: RunBody, report: ReportBody | undefined): Element {
  if (report === undefined) {
    return h('p', { class: 'muted' }, 'The completeness report is written when the run ends.');
  }
  const problems = report.entities.filter((e) => e.status !== 'scored');
  const list = (title: string, items: readonly string[]) =>
    items.length === 0
      ? null
      : h('p', {}, h('strong', {}, `${title} (${items.length}): `), items.slice(0, 50).join(', '));
  return h(
    'div',
    { class: 'report' },
    h(
      'p',
      {},
      `${report.totals.scored} of ${report.totals.entities} entities scored; generated ${formatTime(report.generatedAt)}.`,
    ),
    problems.length === 0
      ? h('p', { class: 'ok' }, 'Every planned entity was scored.')
      : table(
          ['Entity', 'Status', 'Reason', 'Job'],
          problems
            .slice(0, 200)
            .map((e) => [
              h('a', { href: entityLink(run, e.entity) }, e.entity),
              badge(e.status),
              e.reason ?? '',
              e.job ?? '',
            ]),
        ),
    list('Sensors with data but no model', report.unmodelled),
    list('Modelled entities without windows', report.silent),
    report.deadLettered.length === 0
      ? null
      : table(
          ['Dead-lettered job', 'Reason'],
          report.deadLettered.map((d) => [d.job, d.reason]),
        ),
  );
}

async function heatmapSection(run: RunBody, report: ReportBody | undefined): Promise<Element> {
  if (report === undefined) return h('p', { class: 'muted' }, 'Shown when the run has ended.');
  const entities = report.entities
    .filter((e) => e.status === 'scored' && e.rows > 0)
    .sort((a, b) => b.anomalies / b.rows - a.anomalies / a.rows || a.entity.localeCompare(b.entity))
    .slice(0, HEATMAP_ENTITIES)
    .map((e) => e.entity);
  if (entities.length === 0) return h('p', { class: 'muted' }, 'No entity was scored.');
  const rows = (
    await pMap(entities, (e) => predictionsOf(e, run.from, run.to), {
      concurrency: HEATMAP_QUERIES,
    })
  ).flat();
  const range = { from: Date.parse(run.from), to: Date.parse(run.to) };
  const map = binAnomalies(rows, entities, range, HEATMAP_BUCKETS);
  return h(
    'div',
    {},
    h(
      'p',
      { class: 'muted' },
      `Anomaly rate of the ${entities.length} most anomalous scored entities, ${HEATMAP_BUCKETS} buckets of ${formatDuration(map.bucketMs)} (white: none, red: all windows anomalous, grey: no rows).`,
    ),
    heatmapView(map, (entity) => entityLink(run, entity)),
  );
}

function jobsTable(jobs: readonly JobBody[]): Element {
  return table(
    [
      'Job',
      'Shard',
      'Entities',
      'State',
      'Worker',
      'Attempts',
      'Duration',
      'Rows',
      'Anomalies',
      'Error',
      'Log blob',
    ],
    jobs.map((job) => [
      job.index,
      job.shard,
      job.size,
      badge(job.state),
      job.workerId ?? '—',
      job.attempts,
      formatDuration(job.durationMs),
      job.summary?.rows ?? '—',
      job.summary?.anomalies ?? '—',
      job.error ? h('span', { class: 'reason' }, job.error) : '',
      job.log ? h('code', {}, job.log) : '—',
    ]),
    { class: 'jobs' },
  );
}

/** One run: summary, Gantt of its jobs by worker, completeness report, heat map, jobs. */
export function runDetailPage(id: string): Page {
  return async () => {
    const [run, jobs, report] = await Promise.all([
      api<RunBody>(`/v1/runs/${seg(id)}`),
      all<JobBody>(`/v1/runs/${seg(id)}/jobs`, { limit: '1000' }),
      reportOf(id),
    ]);
    const heatmap = await heatmapSection(run, report).catch(errorView);
    return h(
      'section',
      {},
      h('h1', {}, `Run ${run.id}`),
      run.reason ? h('p', { class: 'muted' }, run.reason) : null,
      summary(run),
      h('h2', {}, 'Jobs over time by worker'),
      ganttView(ganttLayout(jobs, Date.now())),
      h('h2', {}, 'Completeness'),
      reportView(run, report),
      h('h2', {}, 'Anomaly rate per entity'),
      heatmap,
      h('h2', {}, 'Jobs'),
      h(
        'p',
        { class: 'muted' },
        'Log blobs are named for reference: the API does not serve blob content (read them with the storage tools).',
      ),
      jobsTable(jobs),
    );
  };
}

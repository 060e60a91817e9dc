import type { RunBody, RunPage } from '@fleetscore/shared';
import { api } from '../api.js';
import { h, table } from '../dom.js';
import { formatDuration, formatTime, formatWindow } from '../format.js';
import { badge, errorView, type Page } from '../page.js';
import { pathOf } from '../routes.js';

/** How often the runs table refreshes itself, ms. */
const REFRESH_MS = 10_000;

const jobStates = (run: RunBody) =>
  Object.entries(run.jobStates)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ') || `${run.jobCount}`;

function runsTable(runs: readonly RunBody[]): Element {
  if (runs.length === 0) return h('p', { class: 'muted' }, 'No run in the last 7 days.');
  return table(
    [
      'Run',
      'Kind',
      'Status',
      'Window',
      'Duration',
      'Entities',
      'Scored',
      'Failed',
      'No data',
      'Anomalies',
      'Jobs',
    ],
    runs.map((run) => [
      h('a', { href: pathOf({ page: 'run', id: run.id }), class: 'run-link' }, run.id),
      run.kind,
      badge(run.state),
      formatWindow(run.from, run.to),
      formatDuration(run.durationMs),
      run.totals?.entities ?? '—',
      run.totals?.scored ?? '—',
      run.totals?.failed ?? '—',
      run.totals?.noData ?? '—',
      run.totals?.anomalies ?? '—',
      jobStates(run),
    ]),
    { class: 'runs' },
  );
}

/** The runs of the last 7 days (GET /v1/runs), newest first, refreshed every 10 s. */
export const runsPage: Page = async (ctx) => {
  const body = h('div', {});
  const stamp = h('span', { class: 'muted stamp' });
  const refresh = async () => {
    try {
      const page = await api<RunPage>('/v1/runs', { query: { limit: '50' } });
      body.replaceChildren(runsTable(page.items));
      stamp.textContent = `updated ${formatTime(new Date().toISOString())} · refreshes every ${REFRESH_MS / 1000} s`;
    } catch (error) {
      body.replaceChildren(errorView(error));
    }
  };
  await refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  ctx.onLeave(() => clearInterval(timer));
  return h('section', {}, h('h1', {}, 'Runs ', stamp), body);
};

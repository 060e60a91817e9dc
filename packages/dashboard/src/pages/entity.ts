import type { ModelDetail, PredictionBody } from '@fleetscore/shared';
import uPlot from 'uplot';
import { api, isProblem, seg } from '../api.js';
import { h, table } from '../dom.js';
import { formatRate, formatTime } from '../format.js';
import { rowEntity } from '../heatmap.js';
import type { Page } from '../page.js';
import { predictionsOf } from '../predictions.js';
import { pathOf } from '../routes.js';
import { seriesOf } from '../series.js';

const DAY_MS = 86_400_000;

/** Without a range in the URL: the last 24 hours, to the next full hour. */
function defaultRange(): { from: string; to: string } {
  const to = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
  return { from: new Date(to - DAY_MS).toISOString(), to: new Date(to).toISOString() };
}

async function modelOf(entity: string): Promise<ModelDetail | undefined> {
  try {
    return await api<ModelDetail>(`/v1/models/${entity.split('/').map(seg).join('/')}`);
  } catch (error) {
    if (isProblem(error, 'not-found')) return undefined;
    throw error;
  }
}

function chart(rows: readonly PredictionBody[]): Element {
  const holder = h('div', { class: 'chart' });
  if (rows.length === 0) {
    holder.append(h('p', { class: 'muted' }, 'No prediction in this range.'));
    return holder;
  }
  const { data, plotted } = seriesOf(rows);
  const options: uPlot.Options = {
    width: 900,
    height: 300,
    scales: { x: { time: true } },
    // UTC, like the rest of the dashboard, the run ids and the blob paths.
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    series: [
      {},
      { label: plotted === 'value' ? 'window value' : 'decision', stroke: '#2563eb', width: 1 },
      {
        label: 'anomaly',
        stroke: '#dc2626',
        fill: '#dc2626',
        paths: () => null,
        points: { show: true, size: 7, fill: '#dc2626', stroke: '#dc2626' },
      },
    ],
  };
  new uPlot(options, data, holder);
  return holder;
}

function modelView(model: ModelDetail | undefined, rows: readonly PredictionBody[]): Element {
  const used = [...new Set(rows.map((row) => row.modelVersion))].sort((a, b) => a - b);
  const scored =
    used.length === 0 ? '' : ` Rows in this range were scored by v${used.join(', v')}.`;
  if (model === undefined) return h('p', { class: 'model' }, `No model registered.${scored}`);
  return h(
    'div',
    { class: 'model' },
    h(
      'p',
      {},
      h('strong', {}, `Model v${model.entry.current}`),
      ` is current (latest v${model.entry.latest}).${scored}`,
    ),
    table(
      ['Version', 'Created', 'Source', 'Note'],
      model.versions
        .slice(0, 10)
        .map((v) => [`v${v.version}`, formatTime(v.createdAt), v.source, v.note ?? '']),
    ),
  );
}

/** One entity: its window values over time with anomalies marked, and its model versions. */
export function entityPage(entity: string, range: { from?: string; to?: string }): Page {
  return async () => {
    const { from, to } =
      range.from && range.to ? { from: range.from, to: range.to } : defaultRange();
    const [all, model] = await Promise.all([predictionsOf(entity, from, to), modelOf(entity)]);
    // `entity=device` answers every row of the device: keep the device-level model's own.
    const rows = all.filter((row) => rowEntity(row) === entity);
    const anomalies = rows.filter((row) => row.anomaly);
    return h(
      'section',
      {},
      h('h1', {}, `Entity ${entity}`),
      h(
        'p',
        { class: 'muted' },
        `Windows ending ${formatTime(from)} → ${formatTime(to)}: ${rows.length} rows, ${anomalies.length} anomalous (${formatRate(anomalies.length, rows.length)}).`,
      ),
      chart(rows),
      h('h2', {}, 'Model'),
      modelView(model, rows),
      h('h2', {}, 'Latest anomalies'),
      anomalies.length === 0
        ? h('p', { class: 'muted' }, 'None in this range.')
        : table(
            ['Window end', 'Sensor', 'Value', 'Decision', 'Model', 'Run'],
            anomalies
              .slice(-50)
              .reverse()
              .map((row) => [
                formatTime(row.ts),
                row.sensor || '(device)',
                row.value === null ? '—' : row.value.toFixed(3),
                row.decision.toFixed(4),
                `v${row.modelVersion}`,
                h('a', { href: pathOf({ page: 'run', id: row.runId }) }, row.runId),
              ]),
          ),
    );
  };
}

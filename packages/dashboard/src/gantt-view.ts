import { h, s } from './dom.js';
import { formatDuration, formatTime } from './format.js';
import type { GanttLayout } from './gantt.js';

const LANE = 26;
const LABEL = 140;
const WIDTH = 900;
const AXIS = 22;

const STATE_COLOURS: Record<string, string> = {
  succeeded: '#16a34a',
  running: '#2563eb',
  failed: '#f59e0b',
  'dead-lettered': '#dc2626',
  cancelled: '#6b7280',
};

/** The Gantt chart of a run's jobs: one lane per worker, one bar per job (SVG). */
export function ganttView(layout: GanttLayout): Element {
  if (layout.bars.length === 0) return h('p', { class: 'muted' }, 'No job has started yet.');
  const span = Math.max(1, layout.end - layout.start);
  const plot = WIDTH - LABEL - 10;
  const x = (ms: number) => LABEL + ((ms - layout.start) / span) * plot;
  const height = layout.lanes.length * LANE + AXIS;
  const svg = s('svg', {
    class: 'gantt',
    viewBox: `0 0 ${WIDTH} ${height}`,
    width: WIDTH,
    height,
    role: 'img',
    'aria-label': 'Jobs over time by worker',
  });
  layout.lanes.forEach((worker, lane) => {
    svg.append(
      s('text', { x: 4, y: lane * LANE + 17, class: 'lane-label' }, worker),
      s('line', {
        x1: LABEL,
        x2: WIDTH - 10,
        y1: (lane + 1) * LANE,
        y2: (lane + 1) * LANE,
        class: 'grid',
      }),
    );
  });
  for (const bar of layout.bars) {
    const width = Math.max(2, x(bar.end) - x(bar.start));
    const rect = s(
      'rect',
      {
        x: x(bar.start),
        y: bar.lane * LANE + 4,
        width,
        height: LANE - 8,
        rx: 3,
        fill: STATE_COLOURS[bar.state] ?? '#9ca3af',
        class: 'job-bar',
        'data-job': bar.job,
      },
      s('title', {}, `job ${bar.job} · ${bar.state} · ${formatDuration(bar.end - bar.start)}`),
    );
    svg.append(rect);
    if (width > 24) {
      svg.append(
        s('text', { x: x(bar.start) + 4, y: bar.lane * LANE + 17, class: 'bar-label' }, bar.job),
      );
    }
  }
  const axisY = layout.lanes.length * LANE + 15;
  svg.append(
    s(
      'text',
      { x: LABEL, y: axisY, class: 'axis' },
      formatTime(new Date(layout.start).toISOString()),
    ),
    s(
      'text',
      { x: WIDTH - 10, y: axisY, class: 'axis', 'text-anchor': 'end' },
      `+${formatDuration(span)}`,
    ),
  );
  return h('div', { class: 'gantt-wrap' }, svg);
}

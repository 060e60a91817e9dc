import { h, s } from './dom.js';
import { formatRate, formatTime } from './format.js';
import { type Heatmap, heatColour } from './heatmap.js';

const ROW = 18;
const LABEL = 140;
const CELL_W = 12;

/** The anomaly-rate heat map (entity × time bucket); each entity label links to its page. */
export function heatmapView(map: Heatmap, link: (entity: string) => string): Element {
  const width = LABEL + map.buckets.length * CELL_W + 10;
  const height = map.entities.length * ROW + 20;
  const svg = s('svg', {
    class: 'heatmap',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': 'Anomaly rate per entity over time',
  });
  map.entities.forEach((entity, e) => {
    const label = s('a', { href: link(entity), class: 'entity-link', 'data-entity': entity });
    label.append(s('text', { x: 4, y: e * ROW + 13 }, entity));
    svg.append(label);
    map.cells[e]!.forEach((cell, b) => {
      const start = new Date(map.buckets[b]!).toISOString();
      svg.append(
        s(
          'rect',
          {
            x: LABEL + b * CELL_W,
            y: e * ROW + 1,
            width: CELL_W - 1,
            height: ROW - 2,
            fill: heatColour(cell),
            class: 'heat-cell',
            'data-rows': cell.rows,
            'data-anomalies': cell.anomalies,
          },
          s(
            'title',
            {},
            `${entity} · ${formatTime(start)} · ${cell.anomalies}/${cell.rows} anomalous (${formatRate(cell.anomalies, cell.rows)})`,
          ),
        ),
      );
    });
  });
  const axisY = map.entities.length * ROW + 14;
  svg.append(
    s(
      'text',
      { x: LABEL, y: axisY, class: 'axis' },
      formatTime(new Date(map.buckets[0] ?? 0).toISOString()),
    ),
  );
  return h('div', { class: 'heatmap-wrap' }, svg);
}

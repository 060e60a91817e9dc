import { AGGREGATES, type Aggregate } from '../../contracts/window.js';

/**
 * The aggregate columns of the tabular formats, in `AGGREGATES` order so that column order does
 * not depend on the order aggregates were configured in. The `count` aggregate always equals the
 * window's count, which has its own column (`Count` / `count`); its aggregate column is named
 * apart so that a reader can tell whether it was configured.
 */
const COLUMNS: Record<Aggregate, { csv: string; parquet: string }> = {
  avg: { csv: 'Value', parquet: 'avg' },
  min: { csv: 'Min', parquet: 'min' },
  max: { csv: 'Max', parquet: 'max' },
  count: { csv: 'CountAggregate', parquet: 'count_aggregate' },
  sum: { csv: 'Sum', parquet: 'sum' },
  stddev: { csv: 'Stddev', parquet: 'stddev' },
};

/** The configured aggregates with their column names in `style`, in `AGGREGATES` order. */
export function aggregateColumns(
  aggregates: readonly Aggregate[],
  style: 'csv' | 'parquet',
): { aggregate: Aggregate; column: string }[] {
  return AGGREGATES.filter((a) => aggregates.includes(a)).map((aggregate) => ({
    aggregate,
    column: COLUMNS[aggregate][style],
  }));
}

/** The aggregate a column name of `style` holds, or undefined. */
export function aggregateOfColumn(column: string, style: 'csv' | 'parquet'): Aggregate | undefined {
  return AGGREGATES.find((a) => COLUMNS[a][style] === column);
}

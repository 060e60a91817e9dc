import { PREDICTION_HEADER, predictionLine, predictionsBlobName, runId } from '@fleetscore/shared';
import { describe, expect, it } from 'vitest';
import { useTestApi } from '../api/testing/use-test-api.js';

/** Prediction blobs as the scorer writes them, queried a page at a time. */
const { api, get } = useTestApi();

describe('predictions', () => {
  // Blobs as the scorer writes them: the contract's header and rows (Prediction follows the
  // decision), under the hour of the run's start.
  const csv = (...rows: string[]) => `${PREDICTION_HEADER}${rows.join('')}`;

  it('pages an entity rows and returns only the latest run where runs overlap', async () => {
    const hour = '2026-11-23T04';
    const scheduled = runId('hourly', new Date(`${hour}:00:00Z`));
    await api().ledger.createRun({
      id: scheduled,
      kind: 'score',
      trigger: { kind: 'schedule', schedule: 'hourly' },
      from: `${hour}:00:00.000Z`,
      to: `${hour}:59:59.999Z`,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const backfill = runId('api', new Date(`${hour}:00:00Z`), 'bf');
    await api().ledger.createRun({
      id: backfill,
      kind: 'score',
      trigger: { kind: 'api' },
      from: `${hour}:00:00.000Z`,
      to: `${hour}:00:10.000Z`,
    });
    const ts = (s: number) => `${hour}:00:${String(s).padStart(2, '0')}.000Z`;
    const start = new Date(`${hour}:00:00Z`);
    await api().blobs.put(
      predictionsBlobName(scheduled, 0, start),
      csv(
        ...[0, 5, 10, 15].flatMap((s) => [
          predictionLine(ts(s), 'p1', 'a', 1.5, 0.25, 1, scheduled),
          predictionLine(ts(s), 'p1', 'b', 2, -0.5, 1, scheduled),
          predictionLine(ts(s), 'p2', 'a', 3, 1, 1, scheduled),
        ]),
      ),
    );
    // The backfill re-scored p1/a at 0 s and 5 s with version 2.
    await api().blobs.put(
      predictionsBlobName(backfill, 0, start),
      csv(
        predictionLine(ts(0), 'p1', 'a', 1.5, -0.1, 2, backfill),
        predictionLine(ts(5), 'p1', 'a', 1.5, -0.2, 2, backfill),
      ),
    );

    const query = `from=${hour}:00:00Z&to=${hour}:30:00Z`;
    const rows: Array<{
      ts: string;
      modelVersion: number;
      runId: string;
      anomaly: boolean;
      value: number | null;
      sensor: string;
    }> = [];
    let continuation: string | undefined;
    let pages = 0;
    do {
      const page = (
        await get(
          `/v1/predictions?entity=p1/a&${query}&limit=2${continuation ? `&continuation=${continuation}` : ''}`,
        )
      ).json();
      rows.push(...page.items);
      continuation = page.continuation;
      pages += 1;
    } while (continuation);
    expect(pages).toBe(2);
    const byTs = Object.fromEntries(rows.map((r) => [r.ts, r]));
    expect(Object.keys(byTs).sort()).toEqual([ts(0), ts(5), ts(10), ts(15)]);
    expect(rows).toHaveLength(4);
    expect(byTs[ts(0)]).toMatchObject({
      runId: backfill,
      modelVersion: 2,
      anomaly: true,
      value: 1.5,
      sensor: 'a',
    });
    expect(byTs[ts(5)]).toMatchObject({ runId: backfill, modelVersion: 2 });
    expect(byTs[ts(10)]).toMatchObject({ runId: scheduled, modelVersion: 1, anomaly: false });

    // A device key returns every row of the device; the range end is exclusive.
    const device = (
      await get(`/v1/predictions?entity=p1&from=${hour}:00:00Z&to=${hour}:00:10Z`)
    ).json();
    expect(
      device.items.map((r: { sensor: string; ts: string }) => `${r.sensor}@${r.ts}`).sort(),
    ).toEqual([`a@${ts(0)}`, `a@${ts(5)}`, `b@${ts(0)}`, `b@${ts(5)}`].sort());
    expect((await get(`/v1/predictions?entity=p3/a&${query}`)).json()).toEqual({ items: [] });
  });
});

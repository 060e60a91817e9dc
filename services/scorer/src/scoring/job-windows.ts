import type { BlobStore, ScoringJob, TrainingJob } from '@fleetscore/shared';
import { eachWindow } from '@fleetscore/shared/windows';
import { type DeviceSeries, SeriesCollector } from './window-series.js';

export interface JobWindows {
  byDevice: Map<string, DeviceSeries>;
  /** Windows read (before de-duplication). */
  windows: number;
}

/**
 * The windows a job reads — its shard's blobs of its range, as planned — of `devices` only,
 * kept as columns (`SeriesCollector`). `sensorsSeen`, when given, collects every sensor of the
 * shard seen in range (how a job finds sensors without a model, without keeping their data).
 */
export async function readJobWindows(
  blobs: BlobStore,
  job: Pick<ScoringJob | TrainingJob, 'from' | 'to' | 'shard' | 'windows'>,
  devices: ReadonlySet<string>,
  signal: AbortSignal,
  sensorsSeen?: Set<string>,
): Promise<JobWindows> {
  const collector = new SeriesCollector();
  const options = {
    from: new Date(job.from),
    to: new Date(job.to),
    shards: [job.shard],
    ...(job.windows === undefined ? {} : { names: job.windows }),
    devices,
    ...(sensorsSeen === undefined ? {} : { sensorsSeen }),
    signal,
  };
  await eachWindow(blobs, options, (window) => collector.add(window));
  const windows = collector.windows;
  return { byDevice: collector.finish(), windows };
}

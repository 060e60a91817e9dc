import type { Reading } from '@fleetscore/shared';
import { type LateEvent, windowEnd } from '@fleetscore/shared/windows';
import type { PartitionState } from './state-store.js';

/**
 * The watermark a new owner inherits from the partition's state blob. A fresh engine starts
 * with no watermark, so without this a replay after a restart would open a second, partial
 * copy of a window that the previous owner already wrote. For each replayed reading:
 * - its window ended at or before the floor, and its event was processed before that flush
 *   (seq ≤ lastSeq): it is already in a durable window or in the late audit → `skip`;
 * - same window, event processed after that flush: the previous owner's watermark was at
 *   least the floor, so it was late then too → the configured policy applies here, with the
 *   floor as the watermark (`late`; under `adjust` the reading is re-stamped into the window
 *   after the floor, as the engine would);
 * - otherwise the engine decides (`keep`), exactly as the previous owner's engine did.
 * Active until the engine's own watermark reaches the floor.
 */
export class RestoredFloor {
  private active: boolean;

  constructor(
    private readonly state: Pick<PartitionState, 'seq' | 'lastSeq' | 'floorMs'>,
    private readonly windowMs: number,
    private readonly policy: 'drop' | 'adjust',
  ) {
    this.active = state.floorMs !== null;
  }

  classify(
    reading: Reading,
    seq: number,
    engineWatermarkMs: number,
  ): { kind: 'keep' | 'skip' } | { kind: 'late'; reading: Reading; late: LateEvent } {
    const floor = this.state.floorMs;
    if (!this.active || floor === null) return { kind: 'keep' };
    if (engineWatermarkMs >= floor) {
      this.active = false;
      return { kind: 'keep' };
    }
    if (windowEnd(Date.parse(reading.ts), this.windowMs) > floor) return { kind: 'keep' };
    if (seq <= this.state.lastSeq) return { kind: 'skip' };
    const watermark = new Date(floor).toISOString();
    if (this.policy === 'drop')
      return {
        kind: 'late',
        reading,
        late: { reading, position: seq, watermark, outcome: 'dropped' },
      };
    const stamp = Math.floor(floor) + 1;
    const adjustedTo = new Date(windowEnd(stamp, this.windowMs)).toISOString();
    return {
      kind: 'late',
      reading: { ...reading, ts: new Date(stamp).toISOString() },
      late: { reading, position: seq, watermark, outcome: 'adjusted', adjustedTo },
    };
  }
}

import { describe, expect, it } from 'vitest';
import { fitSensorModel } from '../scorer.test-helper.js';
import { decodeModelPack, encodeModelPack } from './model-pack.js';

describe('model packs', () => {
  const a = fitSensorModel('d1/t');
  const b = fitSensorModel('d2/t');
  const planned = [
    { entity: 'd1/t', version: 1 },
    { entity: 'd2/t', version: 4 },
  ];

  it('give back the very models they were built from', () => {
    const body = encodeModelPack([
      { ...planned[0]!, loaded: { model: a, version: 1, bytes: 1 } },
      { ...planned[1]!, loaded: { model: b, version: 4, bytes: 1 } },
    ]);
    const back = decodeModelPack(Buffer.from(body));
    expect(back.map((m) => [m.entity, m.version])).toEqual([
      ['d1/t', 1],
      ['d2/t', 4],
    ]);
    expect(back[0]!.loaded.model).toEqual(a);
    expect(back[1]!.loaded.model).toEqual(b);
    expect(back[0]!.loaded.bytes).toBeGreaterThan(100);
  });

  it('refuse a line that is not a valid model', () => {
    const bad = `${JSON.stringify({ entity: 'd1/t', version: 1, document: { format: 'x' } })}\n`;
    expect(() => decodeModelPack(Buffer.from(bad))).toThrow();
    expect(() => decodeModelPack(Buffer.from('{"entity":"d1/t"'))).toThrow();
  });
});

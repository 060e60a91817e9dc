import { describe, expect, it } from 'vitest';
import { decodeModelPack, encodeModelPack, isModelPackName, modelPackName } from './model-pack.js';
import { fitSensorModel } from './scorer.test-helper.js';

describe('model packs', () => {
  const a = fitSensorModel('d1/t');
  const b = fitSensorModel('d2/t');
  const planned = [
    { entity: 'd1/t', version: 1 },
    { entity: 'd2/t', version: 4 },
  ];

  it('are named by the hash of the planned (entity, version) list, so a new version is a new pack', () => {
    const name = modelPackName(planned);
    expect(isModelPackName(name)).toBe(true);
    expect(modelPackName(planned)).toBe(name);
    expect(modelPackName([planned[0]!, { entity: 'd2/t', version: 5 }])).not.toBe(name);
    expect(modelPackName([...planned].reverse())).not.toBe(name);
    expect(() => modelPackName([{ entity: '../x', version: 1 }])).toThrow();
  });

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

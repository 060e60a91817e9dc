import { describe, expect, it } from 'vitest';
import { NotFoundError, UnavailableError } from '../../errors.js';
import type { ConformanceRecord } from '../../testing/record-table-conformance.js';
import { describeRecordTableConformance } from '../../testing/record-table-conformance.js';
import { testStack, uniqueName } from '../../testing/stack-env.js';
import {
  devStorageConnectionString,
  refusedUrl,
  startStubEndpoint,
} from '../../testing/storage-endpoints.js';
import { AzureRecordTable } from './record-table.js';
import { createTableClient, ensureTable } from './table-client.js';

const { storageConnectionString: connectionString } = testStack();

describeRecordTableConformance('AzureRecordTable on Azurite', async () => {
  const name = uniqueName('records');
  // A page size of 3 makes the listing tests span several pages.
  const table = await AzureRecordTable.connect<ConformanceRecord>({
    connectionString,
    table: name,
    listPageSize: 3,
  });
  return {
    table,
    cleanup: async () => {
      await createTableClient({ connectionString, table: name }).deleteTable();
    },
  };
});

describe('AzureRecordTable on Azurite: set-up and failures', () => {
  // Small retry bounds, so each outage is reported within well under a second.
  const fast = { maxTries: 3, retryDelayMs: 10, maxRetryDelayMs: 20 };

  async function drain(iterable: AsyncIterable<unknown>): Promise<void> {
    for await (const _ of iterable);
  }

  it('creates the table once; ensureTable is idempotent', async () => {
    const name = uniqueName('ensure');
    const client = createTableClient({ connectionString, table: name });
    try {
      await ensureTable(client);
      await ensureTable(client);
      const table = new AzureRecordTable<{ ok: boolean }>(client);
      await table.insert('p', 'r', { ok: true });
      expect((await table.get('p', 'r'))?.value).toEqual({ ok: true });
    } finally {
      await client.deleteTable();
    }
  });

  it('checks stored values with the parse option', async () => {
    const name = uniqueName('parse');
    const parse = (value: unknown): { n: number } => {
      const n = (value as { n?: unknown }).n;
      if (typeof n !== 'number') throw new TypeError('n must be a number');
      return { n };
    };
    const table = await AzureRecordTable.connect({ connectionString, table: name, parse });
    const loose = new AzureRecordTable<object>(
      createTableClient({ connectionString, table: name }),
    );
    try {
      await loose.insert('p', 'good', { n: 1, extra: true });
      await loose.insert('p', 'bad', { n: 'one' });
      expect((await table.get('p', 'good'))?.value).toEqual({ n: 1 });
      await expect(table.get('p', 'bad')).rejects.toThrow('n must be a number');
    } finally {
      await createTableClient({ connectionString, table: name }).deleteTable();
    }
  });

  it('reports a refused connection as UnavailableError, quickly', async () => {
    const refused = { connectionString: devStorageConnectionString(await refusedUrl()), ...fast };
    const started = performance.now();
    await expect(AzureRecordTable.connect({ ...refused, table: 'outage' })).rejects.toBeInstanceOf(
      UnavailableError,
    );
    const table = await AzureRecordTable.connect<object>({
      ...refused,
      table: 'outage',
      createIfMissing: false,
    });
    await expect(table.insert('p', 'r', {})).rejects.toBeInstanceOf(UnavailableError);
    await expect(table.upsert('p', 'r', {})).rejects.toBeInstanceOf(UnavailableError);
    await expect(table.get('p', 'r')).rejects.toBeInstanceOf(UnavailableError);
    await expect(table.delete('p', 'r')).rejects.toBeInstanceOf(UnavailableError);
    await expect(drain(table.list('p'))).rejects.toBeInstanceOf(UnavailableError);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('retries a 503 maxTries times, then reports UnavailableError', async () => {
    const stub = await startStubEndpoint(503);
    try {
      const table = await AzureRecordTable.connect<object>({
        connectionString: devStorageConnectionString(stub.url),
        table: 'busy',
        createIfMissing: false,
        ...fast,
      });
      await expect(table.get('p', 'r')).rejects.toBeInstanceOf(UnavailableError);
      expect(stub.requests).toBe(fast.maxTries);
    } finally {
      await stub.close();
    }
  });

  it('gives up on a server that never answers after operationTimeoutMs', async () => {
    const stub = await startStubEndpoint('hang');
    try {
      const table = await AzureRecordTable.connect<object>({
        connectionString: devStorageConnectionString(stub.url),
        table: 'hung',
        createIfMissing: false,
        operationTimeoutMs: 300,
        ...fast,
      });
      const started = performance.now();
      await expect(table.insert('p', 'r', {})).rejects.toBeInstanceOf(UnavailableError);
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      await stub.close();
    }
  });

  it('reports a missing table as NotFoundError, not as an absent record', async () => {
    const table = await AzureRecordTable.connect<object>({
      connectionString,
      table: uniqueName('absent'),
      createIfMissing: false,
    });
    await expect(table.get('p', 'r')).rejects.toBeInstanceOf(NotFoundError);
    await expect(table.insert('p', 'r', {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(table.upsert('p', 'r', {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(table.delete('p', 'r')).rejects.toBeInstanceOf(NotFoundError);
    await expect(drain(table.list('p'))).rejects.toBeInstanceOf(NotFoundError);
  });
});

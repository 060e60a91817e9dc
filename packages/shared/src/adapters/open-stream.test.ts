import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { BaseConfig } from '../config/index.js';
import { openEventPublisher, openEventStream } from './open-stream.js';

// Azurite's well-known development key: a syntactically valid account key, never a secret.
const DEV_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A stand-in storage endpoint that records every request and answers 201 (container created). */
async function storageSpy() {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    request.resume();
    response.writeHead(201, { 'x-ms-version': '2025-01-05' }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The Azure backend with an event hub that is never contacted (clients connect lazily). */
function azureConfig(storageConnectionString: string): BaseConfig {
  return {
    backend: {
      kind: 'azure',
      eventHubs: {
        connectionString:
          'Endpoint=sb://nowhere.invalid/;SharedAccessKeyName=send;SharedAccessKey=a2V5',
        eventHubName: 'readings',
      },
      serviceBus: {
        connectionString:
          'Endpoint=sb://nowhere.invalid/;SharedAccessKeyName=send;SharedAccessKey=a2V5',
        queueName: 'scoring',
      },
    },
    storage: {
      connectionString: storageConnectionString,
      container: 'fleetscore',
      tablePrefix: 'fleetscore',
    },
    logLevel: 'silent',
    telemetry: { traces: 'none', metrics: 'none', resourceAttributes: {}, prometheusPort: 9464 },
  };
}

describe('opening the event stream on Azure', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('opens a publisher (ingest) with no storage call: no checkpoint container, no account', async () => {
    const spy = await storageSpy();
    closers.push(spy.close);
    const publisher = await openEventPublisher(azureConfig(spy.connectionString), 'readings');
    closers.push(() => publisher.close());
    expect(spy.requests).toEqual([]);
    // Only the publishing half: nothing to subscribe with, so nothing that needs checkpoints.
    expect('subscribe' in publisher).toBe(false);
  });

  it('opens a consumer stream with its checkpoint container (the call the publisher avoids)', async () => {
    const spy = await storageSpy();
    closers.push(spy.close);
    const stream = await openEventStream(azureConfig(spy.connectionString), 'readings');
    closers.push(() => stream.close());
    // The spy sees it: the same check would have caught ingest when it opened a whole stream.
    expect(spy.requests).toEqual([
      'PUT /devstoreaccount1/fleetscore-checkpoints?restype=container',
    ]);
  });
});

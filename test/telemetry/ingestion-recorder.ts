// A stand-in for Application Insights' ingestion endpoint on loopback: it records every
// envelope the Azure Monitor exporter posts to `/v2.1/track` and answers as the service does.
// HTTPS, because the exporter rewrites an `http://` ingestion endpoint to `https://`; the
// service under test trusts the fixture certificate through NODE_EXTRA_CA_CERTS.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

const TLS = new URL('../fixtures/tls/', import.meta.url);
/** The certificate (127.0.0.1, localhost) the service must trust. */
export const RECORDER_CA = new URL('loopback-cert.pem', TLS).pathname;

/** One telemetry item as the exporter sends it (the fields the tests read). */
export interface Envelope {
  name: string;
  time: string;
  iKey?: string;
  tags: Record<string, string>;
  data: { baseType: string; baseData: Record<string, unknown> };
}

export interface IngestionRecorder {
  /** `https://127.0.0.1:<port>/` */
  url: string;
  envelopes(): Envelope[];
  /** Requests the endpoint had no meaning for (path and method), e.g. Live Metrics. */
  others(): string[];
  /** Hosts something tried to reach through the egress trap (should stay empty). */
  egress(): string[];
  /** An HTTP proxy that refuses every tunnel: HTTPS_PROXY for the service, so nothing leaves. */
  proxyUrl: string;
  close(): Promise<void>;
}

/** Starts the recorder and the egress trap on ephemeral loopback ports. */
export async function startIngestionRecorder(): Promise<IngestionRecorder> {
  const envelopes: Envelope[] = [];
  const others: string[] = [];
  const egress: string[] = [];
  const server = createServer(
    { cert: readFileSync(RECORDER_CA), key: readFileSync(new URL('loopback-key.pem', TLS)) },
    (request, response) => {
      void body(request).then((bytes) => {
        const path = request.url?.split('?')[0] ?? '';
        if (request.method !== 'POST' || !/^\/v2(\.1)?\/track$/.test(path)) {
          others.push(`${request.method} ${path}`);
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
          return;
        }
        const items = parseItems(bytes, request.headers['content-encoding']);
        envelopes.push(...items);
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            itemsReceived: items.length,
            itemsAccepted: items.length,
            errors: [],
          }),
        );
      });
    },
  );
  // Anything that would leave the machine through the proxy is named here and refused.
  const trap = createHttpServer((request, response) => {
    egress.push(request.headers.host ?? request.url ?? '?');
    response.writeHead(403).end();
  });
  trap.on('connect', (request, socket) => {
    egress.push(request.url ?? '?');
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.listen(0, '127.0.0.1');
  trap.listen(0, '127.0.0.1');
  await Promise.all([once(server, 'listening'), once(trap, 'listening')]);
  const port = (server.address() as AddressInfo).port;
  const trapPort = (trap.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/`,
    proxyUrl: `http://127.0.0.1:${trapPort}`,
    envelopes: () => [...envelopes],
    others: () => [...others],
    egress: () => [...egress],
    async close() {
      server.closeAllConnections();
      trap.closeAllConnections();
      await Promise.all([
        new Promise((resolve) => server.close(resolve)),
        new Promise((resolve) => trap.close(resolve)),
      ]);
    },
  };
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A JSON array of envelopes, or newline-delimited JSON; gzipped when the header says so. */
function parseItems(bytes: Buffer, encoding: string | string[] | undefined): Envelope[] {
  const text = (encoding === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8').trim();
  if (text.startsWith('[')) return JSON.parse(text) as Envelope[];
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Envelope);
}

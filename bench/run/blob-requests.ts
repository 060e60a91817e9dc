/**
 * Counts the blob requests a process sends to one container, by kind and by top-level folder,
 * at the HTTP level (node's `http.client.request.start` diagnostics channel, which the Azure
 * SDK's node client goes through): one count = one request = one billed storage transaction.
 * A `list` of several pages counts each page; table (ledger, registry) and queue traffic is
 * another path and is not counted.
 */
import * as dc from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

export type BlobCounts = Record<string, number>;

/** `{kind} {folder}`, e.g. `get models`, `list windows`, `put predictions`; undefined: not ours. */
export function classifyRequest(
  method: string,
  path: string,
  container: string,
): string | undefined {
  const [pathname = '', query = ''] = path.split('?');
  const parts = pathname.split('/').filter((p) => p !== '');
  // Path-style (Azurite): /{account}/{container}/{blob}; host-style: /{container}/{blob}.
  const at = parts.indexOf(container);
  if (at < 0 || at > 1) return undefined;
  const params = new URLSearchParams(query);
  const blob = parts
    .slice(at + 1)
    .map(decodeURIComponent)
    .join('/');
  if (blob === '') {
    if (params.get('comp') !== 'list') return 'container';
    const folder = (params.get('prefix') ?? '').split('/')[0] || '(all)';
    return `list ${folder}`;
  }
  const folder = blob.split('/')[0] ?? '';
  const kind = { GET: 'get', PUT: 'put', HEAD: 'head', DELETE: 'delete' }[method] ?? method;
  return `${kind} ${folder}`;
}

export interface BlobRequestCounter {
  counts(): BlobCounts;
  reset(): void;
  close(): void;
}

/** Starts counting this process's requests to `container`. */
export function countBlobRequests(container: string): BlobRequestCounter {
  let counts: BlobCounts = {};
  const onStart = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    const key = classifyRequest(request.method, request.path, container);
    if (key !== undefined) counts[key] = (counts[key] ?? 0) + 1;
  };
  dc.subscribe('http.client.request.start', onStart);
  return {
    counts: () => ({ ...counts }),
    reset: () => {
      counts = {};
    },
    close: () => dc.unsubscribe('http.client.request.start', onStart),
  };
}

/** Sums several processes' counts. */
export function addCounts(...all: BlobCounts[]): BlobCounts {
  const total: BlobCounts = {};
  for (const counts of all) {
    for (const [key, n] of Object.entries(counts)) total[key] = (total[key] ?? 0) + n;
  }
  return total;
}

export const totalOf = (counts: BlobCounts, keep: (key: string) => boolean = () => true) =>
  Object.entries(counts).reduce((sum, [key, n]) => (keep(key) ? sum + n : sum), 0);

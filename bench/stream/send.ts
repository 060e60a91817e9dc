/**
 * POSTs the request bodies to ingest with `concurrency` requests in flight (fetch keeps the
 * connections alive). A 503 is retried after its Retry-After, as a device would; any other
 * answer but 202 ends the run.
 */
export async function sendAll(url: string, bodies: readonly string[], concurrency: number) {
  let next = 0;
  let retries = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      for (;;) {
        const response = await fetch(`${url}/v1/readings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const text = await response.text();
        if (response.status === 202) break;
        if (response.status !== 503) throw new Error(`ingest answered ${response.status}: ${text}`);
        retries += 1;
        const seconds = Number(response.headers.get('retry-after') ?? 1);
        await new Promise((r) => setTimeout(r, seconds * 1000));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { retries };
}

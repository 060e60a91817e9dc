import { createServer } from 'node:net';

/**
 * A TCP port free on loopback now, for a process about to be started on it (a scorer of
 * `fleetscore scale-local`, a bench's or the demo's services): the system picks it, the listener
 * closes, and the process binds it a moment later.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address === null || typeof address === 'string'
          ? reject(new Error('no free port'))
          : resolve(address.port),
      );
    });
  });
}

import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { type Authenticator, requireAuth } from '@fleetscore/shared/http';
import type { FastifyInstance } from 'fastify';

/** The BullMQ queue Bull Board shows: what `bullMqQueueOf` returns for the local backend. */
export type BoardQueue = ConstructorParameters<typeof BullMQAdapter>[0];

/** Where Bull Board lives on the public listener: its page, assets and API are all below. */
export const QUEUE_BOARD_PATH = '/queues';

/**
 * Bull Board, the BullMQ users' queue dashboard, at `/queues`: for the local backend only (it
 * reads BullMQ's own keys; Service Bus has none). Operators only (`runs.operate`): it shows
 * every job's payload and failure. Read-only: a retry or removal there would bypass the ledger
 * and the reconciler (a dead letter retried by BullMQ keeps its attempt count and is not
 * watched by any run); `POST /v1/runs/{id}/retry` and the dead-letter replay are the ways to
 * act. A browser opens the page itself and cannot add a bearer header, so the board also takes
 * the credential as the password of HTTP Basic authentication (any user name), which the
 * browser asks for after the 401's `Basic` challenge and sends with every request after.
 * Register before `guardRoutes`: the board's routes are guarded here, as a whole.
 */
export async function registerQueueBoard(
  app: FastifyInstance,
  options: { queue: BoardQueue; auth: Authenticator },
): Promise<void> {
  const server = new FastifyAdapter();
  server.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(options.queue, { readOnlyMode: true, allowRetries: false })],
    serverAdapter: server,
    options: { uiConfig: { boardTitle: 'Fleetscore queue' } },
  });
  await app.register(async (scope) => {
    scope.addHook('onRequest', requireAuth(options.auth, { role: 'runs.operate', basic: true }));
    await scope.register(server.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}

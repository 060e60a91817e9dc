import { type Authenticator, requireAuth } from '@fleetscore/shared';
import type { FastifyInstance } from 'fastify';

/** Routes that stay open whatever the configuration: probes, scrapes, KEDA, the docs. */
const OPEN = ['/healthz', '/readyz', '/metrics', '/v1/scaling'];
const isOpen = (url: string) => OPEN.includes(url) || url === '/docs' || url.startsWith('/docs/');

/** The OpenAPI security requirement of guarded routes (either scheme will do). */
export const SECURITY: Array<Record<string, string[]>> = [{ apiKey: [] }, { bearer: [] }];
export const SECURITY_SCHEMES = {
  apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
  bearer: { type: 'http', scheme: 'bearer', description: 'An API key or an Entra ID JWT' },
} as const;

/**
 * Secure by default: every route registered after this call requires a credential, except the
 * open ones above, and GET/HEAD routes when `publicReads`. A route added later cannot be
 * forgotten (the auth test enumerates the OpenAPI document to hold this).
 */
export function guardRoutes(
  app: FastifyInstance,
  options: { auth: Authenticator; publicReads: boolean },
): void {
  const guard = requireAuth(options.auth);
  app.addHook('onRoute', (route) => {
    if (isOpen(route.url)) return;
    const reading = [route.method].flat().every((method) => method === 'GET' || method === 'HEAD');
    if (reading && options.publicReads) return;
    const existing = route.onRequest === undefined ? [] : [route.onRequest].flat();
    route.onRequest = [guard, ...existing];
    route.schema = { ...route.schema, security: SECURITY };
  });
}

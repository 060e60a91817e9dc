import type { FastifyInstance } from 'fastify';
import { grants, ROLES, type Role } from '../contracts/roles.js';
import { type Authenticator, requireAuth } from './auth.js';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The role a guarded route needs (`packages/shared/src/contracts/roles.ts`). Every route a
     * guarded app registers declares one; it is checked by the guard and shown in the OpenAPI
     * document as this extension of the operation.
     */
    'x-required-role'?: Role;
  }
}

/** The OpenAPI security requirement of guarded routes (either scheme will do). */
export const SECURITY: Array<Record<string, string[]>> = [{ apiKey: [] }, { bearer: [] }];
export const SECURITY_SCHEMES = {
  apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
  bearer: { type: 'http', scheme: 'bearer', description: 'An API key or an Entra ID JWT' },
} as const;

export interface GuardOptions {
  auth: Authenticator;
  /** GET and HEAD routes need no credential (and no role). Default false. */
  publicReads?: boolean;
  /** The app's problem schema: documented as each guarded route's 401 and 403 response. */
  problemSchema?: unknown;
}

/** The roles that satisfy `role`: itself and those that include it. */
export const rolesGranting = (role: Role): Role[] => ROLES.filter((r) => grants([r], role));

/**
 * Secure by default: every route registered after this call requires a credential holding the
 * role its schema declares (`x-required-role`), except GET/HEAD routes when `publicReads`. A
 * guarded route without a declared role does not register: the app fails to build, naming it.
 * The role also goes into the route's OpenAPI operation (extension, security requirement, a
 * sentence of its description), so the document says what each route needs.
 */
export function guardRoutes(app: FastifyInstance, options: GuardOptions): void {
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    const reading = methods.every((method) => method === 'GET' || method === 'HEAD');
    if (reading && options.publicReads) return;
    const role = route.schema?.['x-required-role'];
    if (role === undefined) {
      throw new Error(
        `${methods.join(',')} ${route.url} declares no x-required-role: a guarded route names the role it needs`,
      );
    }
    const existing = route.onRequest === undefined ? [] : [route.onRequest].flat();
    route.onRequest = [requireAuth(options.auth, { role }), ...existing];
    const sentence = `Needs the role \`${role}\` (held by: ${rolesGranting(role)
      .map((r) => `\`${r}\``)
      .join(', ')}).`;
    const description = route.schema?.description;
    const response = (route.schema?.response ?? {}) as Record<string, unknown>;
    route.schema = {
      ...route.schema,
      security: SECURITY,
      description: description?.includes(sentence)
        ? description
        : [description, sentence].filter(Boolean).join(' '),
      ...(options.problemSchema === undefined
        ? {}
        : {
            response: {
              401: options.problemSchema,
              403: options.problemSchema,
              ...response,
            },
          }),
    };
  });
}

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { SECURITY_SCHEMES } from './guard.js';

/**
 * The OpenAPI 3.1 document, generated from the route schemas (`GET /docs/json`), and the
 * Swagger UI at `/docs` (served from node_modules, no network). Register before the routes.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Fleetscore scheduler API',
        version,
        description:
          'Runs, jobs, dead letters, predictions and the model registry. Errors are application/problem+json (RFC 9457). See docs/api.md.',
      },
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}

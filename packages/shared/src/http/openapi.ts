import swagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { SECURITY_SCHEMES } from './guard.js';

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

/**
 * Generates the OpenAPI 3.1 document of an app from its route schemas (through `transform`,
 * e.g. fastify-type-provider-zod's `jsonSchemaTransform`). Register before the routes. Serves
 * nothing: the document is read with `app.swagger()` once the app is ready and served by the
 * service's internal listener (`registerOpenApiUi`), so the public listener has no open route.
 * Like `app.register`, it may be awaited or left to load with the app.
 */
export function registerOpenApiDocument(
  app: FastifyInstance,
  info: OpenApiInfo,
  transform: FastifyDynamicSwaggerOptions['transform'],
): PromiseLike<unknown> {
  return app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info,
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    ...(transform ? { transform } : {}),
  });
}

/**
 * Serves an OpenAPI document at `GET /docs/json` (and `/docs/yaml`), with Swagger UI at
 * `/docs` (from node_modules, no network). On the internal listener, which is not the API's
 * origin, so "Try it out" is off: it would send requests to the wrong port.
 */
export async function registerOpenApiUi(app: FastifyInstance, document: object): Promise<void> {
  await app.register(swagger, {
    mode: 'static',
    specification: { document: document as never },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { supportedSubmitMethods: [] },
  });
}

import { isContinuationToken, type ModelRegistry } from '@fleetscore/registry';
import {
  continuationSchema,
  deviceParamsSchema,
  type Entity,
  entityKey,
  modelDetailSchema,
  modelEntrySchema,
  modelListQuerySchema,
  modelPageSchema,
  modelVersionSchema,
  NotFoundError,
  problemSchema,
  sensorParamsSchema,
  setCurrentSchema,
  uploadQuerySchema,
} from '@fleetscore/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

const problems = { 400: problemSchema, 401: problemSchema, 404: problemSchema, 409: problemSchema };
const UPLOAD_TYPES = ['application/octet-stream', 'application/json'];

/**
 * A models page token is checked by the registry's own decoder (`isContinuationToken`), here
 * because the registry answers any other token with a RangeError, which the API could only
 * report as a 500. (A copy of the rule once let `0/0` through: an entity key, not a row key.)
 * The contract only says "opaque": which tokens are valid is the registry's business.
 */
const modelListQuery = modelListQuerySchema.extend({
  continuation: continuationSchema.refine(
    (token) => token === undefined || isContinuationToken(token),
    'invalid continuation token',
  ),
});

/**
 * The model registry's routes, for both kinds of entity: a sensor (`/v1/models/{device}/{sensor}`)
 * and a device-level model (`/v1/models/{device}`). Uploads are `POST …/versions` (a new
 * version), so no sensor id can collide with the `current` / `rollback` actions.
 */
export function registerModelRoutes(
  app: FastifyInstance,
  deps: { registry: ModelRegistry; maxModelBytes: number },
): void {
  const { registry } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/v1/models',
    {
      schema: {
        summary: 'Entities with models, in (device, sensor) order',
        tags: ['models'],
        'x-required-role': 'reader',
        querystring: modelListQuery,
        response: { 200: modelPageSchema, ...problems },
      },
    },
    async (request) => {
      const { device, limit, continuation } = request.query;
      return registry.list({
        limit,
        ...(device ? { device } : {}),
        ...(continuation ? { continuation } : {}),
      });
    },
  );

  for (const level of LEVELS) {
    const entityOf = level.entity;
    api.get(
      level.path,
      {
        schema: {
          summary: `A ${level.name} model: its entry and versions, newest first`,
          tags: ['models'],
          'x-required-role': 'reader',
          params: level.params,
          response: { 200: modelDetailSchema, ...problems },
        },
      },
      async (request) => {
        const entity = entityOf(request.params);
        const entry = await registry.get(entity);
        if (entry === undefined) throw new NotFoundError(`no model for ${entityKey(entity)}`);
        return { entry, versions: await registry.versions(entity) };
      },
    );
    api.post(
      `${level.path}/current`,
      {
        schema: {
          summary: `Make a version of a ${level.name} model current (promote or roll back)`,
          tags: ['models'],
          'x-required-role': 'models.publish',
          params: level.params,
          body: setCurrentSchema,
          response: { 200: modelEntrySchema, ...problems },
        },
      },
      async (request) => registry.setCurrent(entityOf(request.params), request.body.version),
    );
    api.post(
      `${level.path}/rollback`,
      {
        schema: {
          summary: `Make the previously current version of a ${level.name} model current again`,
          tags: ['models'],
          'x-required-role': 'models.publish',
          params: level.params,
          response: { 200: modelEntrySchema, ...problems },
        },
      },
      async (request) => registry.rollback(entityOf(request.params)),
    );
  }

  // Uploads take the raw file: their own scope, where JSON is not parsed either.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    const upload = scope.withTypeProvider<ZodTypeProvider>();
    for (const level of LEVELS) {
      const entityOf = level.entity;
      upload.post(
        `${level.path}/versions`,
        {
          bodyLimit: deps.maxModelBytes,
          schema: {
            summary: `Upload a ${level.name} model (v1 JSON, pickle or joblib) as its next version`,
            description:
              'The body is the file itself (`application/octet-stream`, or `application/json` for a v1 document). Pickles are read by a restricted importer, never executed.',
            tags: ['models'],
            'x-required-role': 'models.publish',
            params: level.params,
            querystring: uploadQuerySchema,
            body: z
              .custom<Buffer>((value) => Buffer.isBuffer(value))
              .meta({
                type: 'string',
                format: 'binary',
              }),
            response: {
              201: modelVersionSchema,
              ...problems,
              413: problemSchema,
              415: problemSchema,
            },
          },
        },
        async (request, reply) => {
          const { current, features, note } = request.query;
          const version = await registry.upload(entityOf(request.params), request.body, {
            makeCurrent: current,
            ...(features ? { features: features.split(',') } : {}),
            ...(note ? { note } : {}),
          });
          return reply.code(201).send(version);
        },
      );
    }
  });
}

const LEVELS = [
  {
    name: 'sensor',
    path: '/v1/models/:device/:sensor',
    params: sensorParamsSchema,
    entity: (p: unknown): Entity => sensorParamsSchema.parse(p),
  },
  {
    name: 'device-level',
    path: '/v1/models/:device',
    params: deviceParamsSchema,
    entity: (p: unknown): Entity => deviceParamsSchema.parse(p),
  },
] as const;

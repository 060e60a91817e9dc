import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * First path segments of the dashboard's client routes (packages/dashboard/src/routes.ts):
 * a deep link or a reload there gets the app's index.html, which routes in the browser.
 */
const CLIENT_ROUTES = ['runs', 'entities', 'dead-letters'];

/** Vite names assets by content hash: they never change under one name. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

export interface DashboardOptions {
  /** The built app (index.html and assets/). Default: `dist` of `@fleetscore/dashboard`. */
  root?: string;
}

/** Where `pnpm build` puts the dashboard, found through the workspace dependency. */
export function dashboardRoot(): string {
  const manifest = createRequire(import.meta.url).resolve('@fleetscore/dashboard/package.json');
  return join(dirname(manifest), 'dist');
}

/**
 * Serves the dashboard single-page app at `/`. Register it before `guardRoutes`: the files
 * are static and public, and the app's API calls carry the key. Only the built files are
 * routes (no wildcard), so unknown paths still answer the API's not-found problem; the client
 * routes get index.html. Without a build (tests run from sources) nothing is served.
 */
export async function registerDashboard(
  app: FastifyInstance,
  options: DashboardOptions = {},
): Promise<void> {
  const root = options.root ?? dashboardRoot();
  if (!existsSync(join(root, 'index.html'))) {
    app.log.info({ root }, 'dashboard not built: nothing served at /');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.includes('/assets/') ? ASSET_CACHE : 'no-cache');
    },
  });
  const index = { schema: { hide: true } };
  for (const route of CLIENT_ROUTES) {
    for (const url of [`/${route}`, `/${route}/*`]) {
      app.get(url, index, (_request, reply) => reply.sendFile('index.html'));
    }
  }
}

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notFoundHandler } from '../api/problems.js';
import { dashboardRoot, registerDashboard } from './dashboard.js';

// A built dashboard in a temporary folder: the plugin's routing, not Vite's output.
let root: string;
let app: FastifyInstance;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dashboard-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Fleetscore</title>');
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  app = Fastify();
  app.setNotFoundHandler(notFoundHandler);
  await registerDashboard(app, { root });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

describe('dashboard plugin', () => {
  it('serves index.html at / and at client routes, never cached', async () => {
    for (const url of [
      '/',
      '/runs',
      '/runs/hourly-20261125T1000Z',
      '/entities/d1/s1',
      '/dead-letters',
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body).toContain('<title>Fleetscore</title>');
    }
  });

  it('serves hashed assets as immutable', async () => {
    const response = await app.inject({ url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('leaves other paths to the not-found problem', async () => {
    for (const url of ['/v1/nothing', '/assets/missing.js', '/elsewhere']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
  });

  it('serves nothing when the dashboard is not built', async () => {
    const bare = Fastify();
    await registerDashboard(bare, { root: join(root, 'missing') });
    expect((await bare.inject({ url: '/' })).statusCode).toBe(404);
    await bare.close();
  });

  it('finds the workspace package build by default', () => {
    expect(dashboardRoot()).toMatch(/packages[/\\]dashboard[/\\]dist$/);
  });
});

import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { schedulerConfigSchema } from '../config/services.js';
import { grants, ROLES, type Role } from '../contracts/roles.js';
import { createAuthenticator, hashApiKey, parseApiKeyEntry, requireAuth } from './auth.js';
import { guardRoutes } from './guard.js';

const H = (key: string) => hashApiKey(key);

describe('roles', () => {
  it('operators and publishers read; a readings writer does not', () => {
    expect(grants(['runs.operate'], 'reader')).toBe(true);
    expect(grants(['models.publish'], 'reader')).toBe(true);
    expect(grants(['readings.write'], 'reader')).toBe(false);
    expect(grants(['reader'], 'runs.operate')).toBe(false);
    expect(grants(['runs.operate'], 'models.publish')).toBe(false);
    expect(grants([], 'reader')).toBe(false);
  });
});

describe('FLEETSCORE_API_KEYS entries', () => {
  it('gives a bare hash every role, and a hash with roles those roles', () => {
    expect(parseApiKeyEntry(H('a'))).toEqual({ hash: H('a'), roles: [...ROLES] });
    expect(parseApiKeyEntry(`${H('a').toUpperCase()}:runs.operate+reader`)).toEqual({
      hash: H('a'),
      roles: ['reader', 'runs.operate'],
    });
    for (const bad of [
      `${H('a')}:`,
      `${H('a')}:admin`,
      `${H('a')}:reader+`,
      `${H('a')}:reader:runs.operate`,
      'not-a-hash:reader',
      H('a').slice(1),
    ]) {
      expect(parseApiKeyEntry(bad), bad).toBeUndefined();
    }
  });

  it('reads the variable, mixing both forms, and names the variable when an entry is wrong', () => {
    const config = loadConfig(schedulerConfigSchema, {
      FLEETSCORE_API_KEYS: `${H('old')}, ${H('ops')}:runs.operate ,${H('dev')}:readings.write`,
    });
    expect(config.apiKeys).toEqual([
      { hash: H('old'), roles: [...ROLES] },
      { hash: H('ops'), roles: ['runs.operate'] },
      { hash: H('dev'), roles: ['readings.write'] },
    ]);
    expect(config.apiKeyHashes).toEqual([H('old'), H('ops'), H('dev')]);
    expect(() =>
      loadConfig(schedulerConfigSchema, { FLEETSCORE_API_KEYS: `${H('x')}:superuser` }),
    ).toThrow(/FLEETSCORE_API_KEYS=\(hidden\): expected .*roles: reader, readings.write/);
  });
});

describe('requireAuth with a role', () => {
  const auth = createAuthenticator({
    host: '0.0.0.0',
    apiKeys: [
      { hash: H('reader'), roles: ['reader'] },
      { hash: H('operator'), roles: ['runs.operate'] },
      { hash: H('none'), roles: [] },
    ],
  });
  const appNeeding = (role: Role, basic = false) => {
    const app = Fastify();
    app.post('/x', { onRequest: requireAuth(auth, { role, basic }) }, async () => ({ ok: true }));
    return app;
  };

  it('answers 403 problem+json naming the role, after authentication, and passes implied roles', async () => {
    const app = appNeeding('runs.operate');
    const refused = await app.inject({
      method: 'POST',
      url: '/x',
      headers: { 'x-api-key': 'reader' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toEqual({
      type: 'urn:fleetscore:problem:forbidden',
      title: 'Role required',
      status: 403,
      detail: 'this route needs the role runs.operate; the credential holds reader',
      requiredRole: 'runs.operate',
    });
    const none = await app.inject({ method: 'POST', url: '/x', headers: { 'x-api-key': 'none' } });
    expect(none.json().detail).toContain('holds no role');
    expect(
      (await app.inject({ method: 'POST', url: '/x', headers: { 'x-api-key': 'operator' } }))
        .statusCode,
    ).toBe(200);
    // Still 401, not 403, without a (good) credential.
    expect((await app.inject({ method: 'POST', url: '/x' })).statusCode).toBe(401);
    const reads = appNeeding('reader');
    expect(
      (await reads.inject({ method: 'POST', url: '/x', headers: { 'x-api-key': 'operator' } }))
        .statusCode,
    ).toBe(200);
  });

  it('reads HTTP Basic only where asked to, with the credential as the password', async () => {
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const withBasic = appNeeding('runs.operate', true);
    const challenge = await withBasic.inject({ method: 'POST', url: '/x' });
    expect(challenge.statusCode).toBe(401);
    expect(challenge.headers['www-authenticate']).toEqual([
      'Bearer realm="fleetscore"',
      'Basic realm="fleetscore", charset="UTF-8"',
    ]);
    const headers = { authorization: basic('anyone', 'operator') };
    expect((await withBasic.inject({ method: 'POST', url: '/x', headers })).statusCode).toBe(200);
    const colonless = { authorization: `Basic ${Buffer.from('operator').toString('base64')}` };
    expect(
      (await withBasic.inject({ method: 'POST', url: '/x', headers: colonless })).statusCode,
    ).toBe(401);
    expect(
      (await appNeeding('runs.operate').inject({ method: 'POST', url: '/x', headers })).statusCode,
    ).toBe(401);
  });
});

describe('guardRoutes', () => {
  it('refuses to register a guarded route that declares no role', async () => {
    const app = Fastify();
    guardRoutes(app, { auth: createAuthenticator({ host: '127.0.0.1' }) });
    expect(() => app.post('/undeclared', async () => ({}))).toThrow(
      /POST \/undeclared declares no x-required-role/,
    );
  });

  it('checks the declared role, and leaves reads open only with publicReads', async () => {
    const auth = createAuthenticator({
      host: '0.0.0.0',
      apiKeys: [{ hash: H('reader'), roles: ['reader'] }],
    });
    for (const publicReads of [false, true]) {
      const app = Fastify();
      guardRoutes(app, { auth, publicReads });
      app.get('/r', { schema: { 'x-required-role': 'reader' } }, async () => ({}));
      app.post('/w', { schema: { 'x-required-role': 'models.publish' } }, async () => ({}));
      expect((await app.inject({ url: '/r' })).statusCode).toBe(publicReads ? 200 : 401);
      const headers = { 'x-api-key': 'reader' };
      expect((await app.inject({ url: '/r', headers })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: '/w', headers })).statusCode).toBe(403);
    }
  });
});

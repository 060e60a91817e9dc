import Fastify from 'fastify';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../contracts/roles.js';
import {
  type AuthOptions,
  createAuthenticator,
  hashApiKey,
  isLoopback,
  requireAuth,
} from './auth.js';

const KEY = 'k3y-for-tests';
const ISSUER = 'https://login.example.test/tenant/v2.0';
const AUDIENCE = 'api://fleetscore-ingest';

/** A guarded POST route and an unguarded GET, like the ingest app. */
function appWith(options: Omit<AuthOptions, 'host'>) {
  const app = Fastify();
  const auth = requireAuth(createAuthenticator({ host: '0.0.0.0', ...options }));
  app.post('/write', { onRequest: auth }, async (request) => ({ who: request.principal }));
  app.get('/healthz', async () => ({ ok: true }));
  return app;
}

async function signer() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test', alg: 'RS256' };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const sign = (claims: { aud?: string; exp?: number; iss?: string }) =>
    new SignJWT({ oid: 'caller-1' })
      .setProtectedHeader({ alg: 'RS256', kid: 'test' })
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? '5m')
      .sign(privateKey);
  return { keys, sign };
}

describe('API keys', () => {
  const app = appWith({ apiKeyHashes: [hashApiKey('other'), hashApiKey(KEY)] });

  it('accepts the key as a bearer credential or in x-api-key', async () => {
    for (const headers of [{ authorization: `Bearer ${KEY}` }, { 'x-api-key': KEY }]) {
      const response = await app.inject({ method: 'POST', url: '/write', headers });
      expect(response.statusCode).toBe(200);
      expect(response.json().who).toEqual({
        kind: 'api-key',
        id: hashApiKey(KEY).slice(0, 12),
        roles: [...ROLES], // a bare hash: every role, as before roles existed
      });
    }
  });

  it('answers 401 problem+json with a Bearer challenge when the key is missing or wrong', async () => {
    const missing = await app.inject({ method: 'POST', url: '/write' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="fleetscore"');
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({
      type: 'urn:fleetscore:problem:unauthorized',
      status: 401,
    });
    const wrong = await app.inject({
      method: 'POST',
      url: '/write',
      headers: { 'x-api-key': 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('leaves unguarded routes open', async () => {
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('JWT bearer tokens', () => {
  it('accepts a valid token and rejects expired, wrong-audience and wrong-issuer ones', async () => {
    const { keys, sign } = await signer();
    const app = appWith({
      jwt: { issuer: ISSUER, audience: AUDIENCE, keys, clockToleranceSeconds: 0 },
    });
    const post = async (token: string) =>
      app.inject({ method: 'POST', url: '/write', headers: { authorization: `Bearer ${token}` } });

    const valid = await post(await sign({}));
    expect(valid.statusCode).toBe(200);
    expect(valid.json().who).toEqual({ kind: 'jwt', id: 'caller-1', roles: [] });

    const expired = await post(await sign({ exp: Math.floor(Date.now() / 1000) - 10 }));
    expect(expired.statusCode).toBe(401);
    expect(expired.json().detail).toContain('ERR_JWT_EXPIRED');
    const audience = await post(await sign({ aud: 'api://someone-else' }));
    expect(audience.json().detail).toContain('ERR_JWT_CLAIM_VALIDATION_FAILED');
    const issuer = await post(await sign({ iss: 'https://evil.test/' }));
    expect(issuer.statusCode).toBe(401);
  });

  it('rejects a token signed by another key', async () => {
    const { keys } = await signer();
    const { sign } = await signer();
    const app = appWith({ jwt: { issuer: ISSUER, audience: AUDIENCE, keys } });
    const response = await app.inject({
      method: 'POST',
      url: '/write',
      headers: { authorization: `Bearer ${await sign({})}` },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('with no credential configured', () => {
  it('runs open on loopback, with a warning, and refuses any other host', async () => {
    const warnings: string[] = [];
    const open = createAuthenticator({ host: '127.0.0.1', warn: (m) => warnings.push(m) });
    expect(open.mode).toBe('open');
    expect(warnings).toHaveLength(1);
    expect(() => createAuthenticator({ host: '0.0.0.0' })).toThrow(/refusing/);
    expect(() =>
      createAuthenticator({ host: '0.0.0.0', apiKeyHashes: [hashApiKey(KEY)] }),
    ).not.toThrow();
  });

  it('knows loopback hosts', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.com'].some(isLoopback)).toBe(false);
  });
});

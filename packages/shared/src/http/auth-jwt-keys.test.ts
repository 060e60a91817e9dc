import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtVerifier } from './auth-jwt.js';
import { openIdConfigurationUrl } from './auth-jwt-keys.js';

describe('openIdConfigurationUrl', () => {
  it("finds Entra's v1.0 issuer's configuration on login.microsoftonline.com", () => {
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    expect(openIdConfigurationUrl(`https://sts.windows.net/${tenant}/`)).toBe(
      `https://login.microsoftonline.com/${tenant}/.well-known/openid-configuration`,
    );
    expect(openIdConfigurationUrl(`https://login.microsoftonline.com/${tenant}/v2.0`)).toBe(
      `https://login.microsoftonline.com/${tenant}/v2.0/.well-known/openid-configuration`,
    );
    expect(openIdConfigurationUrl('https://idp.example.test/realm/')).toBe(
      'https://idp.example.test/realm/.well-known/openid-configuration',
    );
  });
});

/** Two issuers on one local server, each with its own key, discovery document and JWKS. */
describe('keys per issuer', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];
  const issuers: Record<'a' | 'b', { sign(iss?: string): Promise<string>; jwk: object }> =
    {} as never;

  beforeAll(async () => {
    for (const name of ['a', 'b'] as const) {
      const { publicKey, privateKey } = await generateKeyPair('ES256');
      const jwk = { ...(await exportJWK(publicKey)), kid: `key-${name}`, alg: 'ES256' };
      issuers[name] = {
        jwk,
        sign: (iss = `${base}/${name}`) =>
          new SignJWT({ roles: ['reader'] })
            .setProtectedHeader({ alg: 'ES256', kid: `key-${name}` })
            .setIssuer(iss)
            .setAudience('api://test')
            .setSubject(`subject-${name}`)
            .setExpirationTime('5m')
            .sign(privateKey),
      };
    }
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const [, name, rest] = /^\/(a|b)\/(.*)$/.exec(request.url ?? '') ?? [];
      const issuer = issuers[name as 'a' | 'b'];
      response.setHeader('content-type', 'application/json');
      if (issuer && rest === '.well-known/openid-configuration') {
        response.end(
          JSON.stringify({ issuer: `${base}/${name}`, jwks_uri: `${base}/${name}/keys` }),
        );
      } else if (issuer && rest === 'keys') {
        response.end(JSON.stringify({ keys: [issuer.jwk] }));
      } else {
        response.statusCode = 404;
        response.end('{}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("verifies each issuer's tokens with that issuer's keys, found by discovery", async () => {
    const verify = jwtVerifier({ issuer: [`${base}/a`, `${base}/b`], audience: 'api://test' });
    expect(await verify(await issuers.a.sign())).toMatchObject({ ok: true, subject: 'subject-a' });
    expect(await verify(await issuers.b.sign())).toMatchObject({
      ok: true,
      subject: 'subject-b',
      roles: ['reader'],
    });
    // b's key claiming to be a: a's keys do not verify it.
    expect(await verify(await issuers.b.sign(`${base}/a`))).toMatchObject({ ok: false });
    expect(requests.filter((url) => url.endsWith('openid-configuration')).sort()).toEqual([
      '/a/.well-known/openid-configuration',
      '/b/.well-known/openid-configuration',
    ]);
  });

  it('refuses a token of an issuer it does not trust without fetching anything for it', async () => {
    requests.length = 0;
    const verify = jwtVerifier({ issuer: `${base}/a`, audience: 'api://test' });
    expect(await verify(await issuers.b.sign())).toEqual({
      ok: false,
      reason: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    });
    expect(requests).toEqual([]);
  });
});

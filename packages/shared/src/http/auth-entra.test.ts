import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { ingestConfigSchema } from '../config/services.js';
import { createAuthenticator } from './auth.js';
import { entraIssuers } from './entra-issuers.js';

// Tokens shaped like Entra ID's access tokens (claims from the access token claims reference,
// https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference): which
// version a token is depends on the API's app registration (`accessTokenAcceptedVersion`), not
// on the client, so an API must take what its registration says.
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const APP_ID_URI = 'api://fleetscore';

async function entra() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'entra-key', alg: 'RS256' };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const sign = (claims: JWTPayload) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'entra-key' })
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('1h')
      .sign(privateKey);
  const common = { oid: '690222be-ff1a-4d56-abd1-7e4f7d38e474', tid: TENANT, sub: 'HKZpfaHy' };
  return {
    keys,
    sign,
    /** v1.0: `iss` on sts.windows.net, `aud` the App ID URI the client asked for (or client id). */
    v1: (aud: string, roles?: string[]) =>
      sign({
        ...common,
        ver: '1.0',
        iss: `https://sts.windows.net/${TENANT}/`,
        aud,
        appid: '75dbe77f-10a3-4e59-85fd-8c127544f17c',
        appidacr: '1',
        ...(roles ? { roles } : {}),
      }),
    /** v2.0: `iss` ends in /v2.0, `aud` is always the API's client id. */
    v2: (roles?: string[], aud = CLIENT_ID) =>
      sign({
        ...common,
        ver: '2.0',
        iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
        aud,
        azp: '75dbe77f-10a3-4e59-85fd-8c127544f17c',
        azpacr: '1',
        ...(roles ? { roles } : {}),
      }),
  };
}

/** The JWT settings the configuration builds from these variables. */
function jwtFrom(env: Record<string, string>) {
  const { jwt } = loadConfig(ingestConfigSchema, env);
  if (!jwt) throw new Error('no JWT configuration');
  return jwt;
}

const verdictOf = async (auth: ReturnType<typeof createAuthenticator>, token: string) =>
  auth.authenticate({ headers: { authorization: `Bearer ${token}` } } as never);

describe('Entra ID tokens', () => {
  it('accepts v1.0 and v2.0 tokens of the tenant, with the client id and the App ID URI as audiences', async () => {
    const tokens = await entra();
    const jwt = jwtFrom({
      FLEETSCORE_AUTH_TENANT_ID: TENANT,
      FLEETSCORE_AUTH_AUDIENCE: `${CLIENT_ID},${APP_ID_URI}`,
    });
    expect(jwt.issuer).toEqual(entraIssuers(TENANT));
    const auth = createAuthenticator({ host: '0.0.0.0', jwt: { ...jwt, keys: tokens.keys } });
    for (const [name, token] of [
      ['v1.0, aud = App ID URI', await tokens.v1(APP_ID_URI, ['runs.operate'])],
      ['v1.0, aud = client id', await tokens.v1(CLIENT_ID, ['runs.operate'])],
      ['v2.0, aud = client id', await tokens.v2(['runs.operate'])],
    ] as const) {
      expect(await verdictOf(auth, token), name).toEqual({
        ok: true,
        principal: {
          kind: 'jwt',
          id: '690222be-ff1a-4d56-abd1-7e4f7d38e474',
          roles: ['runs.operate'],
        },
      });
    }
  });

  it('refuses what the old documented settings refused — and still refuses other tenants and APIs', async () => {
    const tokens = await entra();
    // docs/deploy.md used to pair the v2.0 issuer with `api://fleetscore`: a real v2.0 token
    // carries the client id, so every one was refused.
    const old = createAuthenticator({
      host: '0.0.0.0',
      jwt: {
        ...jwtFrom({
          FLEETSCORE_AUTH_ISSUER: `https://login.microsoftonline.com/${TENANT}/v2.0`,
          FLEETSCORE_AUTH_AUDIENCE: APP_ID_URI,
        }),
        keys: tokens.keys,
      },
    });
    expect(await verdictOf(old, await tokens.v2(['reader']))).toMatchObject({ ok: false });

    const auth = createAuthenticator({
      host: '0.0.0.0',
      jwt: {
        ...jwtFrom({ FLEETSCORE_AUTH_TENANT_ID: TENANT, FLEETSCORE_AUTH_AUDIENCE: CLIENT_ID }),
        keys: tokens.keys,
      },
    });
    // Another API of the same tenant (Microsoft Graph's id).
    const graph = await tokens.v2(['reader'], '00000003-0000-0000-c000-000000000000');
    expect(await verdictOf(auth, graph)).toMatchObject({ ok: false });
    // Another tenant: the same signing keys (Entra's are common to its tenants), another issuer.
    const other = await tokens.sign({
      ver: '2.0',
      iss: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0',
      aud: CLIENT_ID,
      roles: ['reader'],
    });
    expect(await verdictOf(auth, other)).toMatchObject({
      ok: false,
      detail: expect.stringContaining('ERR_JWT_CLAIM_VALIDATION_FAILED'),
    });
  });

  it('takes only the known roles of the claim, and none when the claim is absent', async () => {
    const tokens = await entra();
    const auth = createAuthenticator({
      host: '0.0.0.0',
      jwt: {
        ...jwtFrom({ FLEETSCORE_AUTH_TENANT_ID: TENANT, FLEETSCORE_AUTH_AUDIENCE: CLIENT_ID }),
        keys: tokens.keys,
      },
    });
    const mixed = await tokens.v2(['Survey.Create', 'models.publish', 'READER', 'reader']);
    expect(await verdictOf(auth, mixed)).toMatchObject({
      principal: { roles: ['reader', 'models.publish'] },
    });
    expect(await verdictOf(auth, await tokens.v2())).toMatchObject({ principal: { roles: [] } });
  });
});

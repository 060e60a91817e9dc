import { createLocalJWKSet, exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { ROLES, type Role } from '../contracts/roles.js';
import type { JwtAuthOptions } from '../http/auth-jwt.js';

/** A bearer credential a guarded route must refuse, and what is wrong with it. */
export interface RefusedToken {
  name: string;
  token: string;
  /** The jose error code it must be refused with (in the 401's `detail`). */
  code: string;
}

export interface TestTokenIssuer {
  /** For `createAuthenticator({ jwt })`: this issuer's keys, no clock tolerance. */
  jwt: JwtAuthOptions;
  /**
   * A token every check passes, for `subject` (default `caller-1`), whose `roles` claim holds
   * `roles` (default every role; an empty list leaves the claim out, as Entra does for a
   * caller with no app role assigned).
   */
  valid(subject?: string, roles?: readonly Role[]): Promise<string>;
  /**
   * One token per way a JWT must fail: expired, another audience, another issuer, signed by
   * another key, `alg: none`, HS256 keyed with the public key (algorithm confusion), malformed.
   */
  refused(): Promise<RefusedToken[]>;
}

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const ISSUER = 'https://login.example.test/tenant/v2.0';
const AUDIENCE = 'api://fleetscore-test';

const base64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * An identity provider for tests: an RS256 key pair whose public half the authenticator
 * trusts through a local JWKS (no network), and tokens that are good or wrong in one way each.
 */
export async function testTokenIssuer(): Promise<TestTokenIssuer> {
  const trusted = await generateKeyPair('RS256', { extractable: true });
  const stranger = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(trusted.publicKey)), kid: 'trusted', alg: 'RS256' };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const now = () => Math.floor(Date.now() / 1000);

  const claims = (overrides: {
    iss?: string;
    aud?: string;
    exp?: number;
    sub?: string;
    roles?: readonly Role[];
  }) =>
    new SignJWT({
      oid: overrides.sub ?? 'caller-1',
      ...(overrides.roles?.length === 0 ? {} : { roles: overrides.roles ?? ROLES }),
    })
      .setSubject(overrides.sub ?? 'caller-1')
      .setIssuer(overrides.iss ?? ISSUER)
      .setAudience(overrides.aud ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(overrides.exp ?? now() + 300);
  const signed = (jwt: SignJWT, key: PrivateKey = trusted.privateKey) =>
    jwt.setProtectedHeader({ alg: 'RS256', kid: 'trusted' }).sign(key);

  return {
    jwt: { issuer: ISSUER, audience: AUDIENCE, keys, clockToleranceSeconds: 0 },
    valid: (subject, roles) =>
      signed(claims({ ...(subject ? { sub: subject } : {}), ...(roles ? { roles } : {}) })),
    async refused() {
      const payload = { iss: ISSUER, aud: AUDIENCE, sub: 'caller-1', exp: now() + 300 };
      const publicPem = await exportSPKI(trusted.publicKey);
      return [
        {
          name: 'expired',
          token: await signed(claims({ exp: now() - 600 })),
          code: 'ERR_JWT_EXPIRED',
        },
        {
          name: 'another audience',
          token: await signed(claims({ aud: 'api://someone-else' })),
          code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
        },
        {
          name: 'another issuer',
          token: await signed(claims({ iss: 'https://evil.test/' })),
          code: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
        },
        {
          name: 'another key',
          token: await signed(claims({}), stranger.privateKey),
          code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
        },
        {
          name: 'alg none',
          token: `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`,
          code: 'ERR_JOSE_ALG_NOT_ALLOWED',
        },
        {
          name: 'HS256 keyed with the public key',
          token: await claims({})
            .setProtectedHeader({ alg: 'HS256', kid: 'trusted' })
            .sign(new TextEncoder().encode(publicPem)),
          code: 'ERR_JOSE_ALG_NOT_ALLOWED',
        },
        {
          name: 'malformed',
          token: `${base64url('{not json')}.${base64url(payload)}.c2ln`,
          code: 'ERR_JWS_INVALID',
        },
      ];
    },
  };
}

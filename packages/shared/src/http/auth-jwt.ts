import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';

/** Entra ID (or any OpenID Connect) bearer tokens. */
export interface JwtAuthOptions {
  /** Expected `iss`, e.g. `https://login.microsoftonline.com/<tenant>/v2.0`. */
  issuer: string;
  /** Expected `aud`: the API's application id URI or client id. */
  audience: string;
  /**
   * The signing keys' JWKS URL. Default: the `jwks_uri` of
   * `<issuer>/.well-known/openid-configuration`, fetched on the first token.
   */
  jwksUrl?: string;
  /** The key set itself (tests: `createLocalJWKSet`). Default: a remote set from `jwksUrl`. */
  keys?: JWTVerifyGetKey;
  /** Allowed clock skew for `exp`/`nbf`, seconds. Default 60. */
  clockToleranceSeconds?: number;
}

export type JwtVerdict = { ok: true; subject: string } | { ok: false; reason: string };

/**
 * A verifier of JWT bearer tokens: signature against the issuer's keys, then `iss`, `aud`,
 * `exp` and `nbf`. Only asymmetric algorithms are accepted, so a token signed with a shared
 * secret (or `none`) never passes.
 */
export function jwtVerifier(options: JwtAuthOptions): (token: string) => Promise<JwtVerdict> {
  const keys = options.keys ?? lazyRemoteKeys(options);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'],
        clockTolerance: options.clockToleranceSeconds ?? 60,
      });
      // Entra's `oid` names the caller across applications; `sub` is per application.
      const subject = typeof payload.oid === 'string' ? payload.oid : (payload.sub ?? 'unknown');
      return { ok: true, subject };
    } catch (error) {
      if (error instanceof errors.JOSEError) return { ok: false, reason: error.code };
      throw error; // the key set could not be fetched: a server fault, not a bad token
    }
  };
}

/** Resolves the JWKS URL on first use, so start-up does not depend on the identity provider. */
function lazyRemoteKeys(options: JwtAuthOptions): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const resolve = async (): Promise<JWTVerifyGetKey> => {
    const url = options.jwksUrl ?? (await discoverJwksUri(options.issuer));
    return createRemoteJWKSet(new URL(url));
  };
  return async (header, token) => {
    keys ??= resolve().catch((error: unknown) => {
      keys = undefined; // try discovery again on the next token
      throw error;
    });
    return (await keys)(header, token);
  };
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`OpenID discovery at ${url}: HTTP ${response.status}`);
  const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
  if (typeof jwksUri !== 'string') throw new Error(`OpenID discovery at ${url}: no jwks_uri`);
  return jwksUri;
}

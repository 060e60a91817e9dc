import { decodeJwt, errors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { type Role, rolesOf } from '../contracts/roles.js';
import { issuerKeys } from './auth-jwt-keys.js';

/** Entra ID (or any OpenID Connect) bearer tokens. */
export interface JwtAuthOptions {
  /**
   * Accepted `iss` values. Entra ID puts `https://sts.windows.net/<tenant>/` in v1.0 tokens and
   * `https://login.microsoftonline.com/<tenant>/v2.0` in v2.0 tokens (`entraIssuers`).
   */
  issuer: string | readonly string[];
  /**
   * Accepted `aud` values: a v2.0 token's is the API's client id; a v1.0 token's is the client
   * id or the application id URI (`api://…`) the client asked for.
   */
  audience: string | readonly string[];
  /**
   * The signing keys' JWKS URL, for every issuer. Default: per issuer, the `jwks_uri` of its
   * OpenID configuration (`issuerKeys`), fetched on the first token from that issuer.
   */
  jwksUrl?: string;
  /** The key set itself (tests: `createLocalJWKSet`). Default: remote sets as above. */
  keys?: JWTVerifyGetKey;
  /** Allowed clock skew for `exp`/`nbf`, seconds. Default 60. */
  clockToleranceSeconds?: number;
}

export type JwtVerdict =
  | { ok: true; subject: string; roles: Role[] }
  | { ok: false; reason: string };

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/**
 * A verifier of JWT bearer tokens: signature against the issuer's keys, then `iss`, `aud`,
 * `exp` and `nbf`. Only asymmetric algorithms are accepted, so a token signed with a shared
 * secret (or `none`) never passes. The caller's roles are the known values of its `roles`
 * claim (Entra app roles assigned to the user, group, application or managed identity).
 */
export function jwtVerifier(options: JwtAuthOptions): (token: string) => Promise<JwtVerdict> {
  const issuers = [options.issuer].flat();
  const audiences = [options.audience].flat();
  const keys = options.keys ?? issuerKeys(issuers, options.jwksUrl);
  return async (token) => {
    try {
      // Refuse a stranger's token before any key is fetched for it: whoever can send a
      // token must not make the service call out to a URL of their choosing.
      if (!options.keys && !issuers.includes(String(decodeJwt(token).iss))) {
        return { ok: false, reason: 'ERR_JWT_CLAIM_VALIDATION_FAILED' };
      }
      const { payload } = await jwtVerify(token, keys, {
        issuer: issuers,
        audience: audiences,
        algorithms: ALGORITHMS,
        clockTolerance: options.clockToleranceSeconds ?? 60,
      });
      // Entra's `oid` names the caller across applications; `sub` is per application.
      const subject = typeof payload.oid === 'string' ? payload.oid : (payload.sub ?? 'unknown');
      return { ok: true, subject, roles: rolesOf(payload.roles) };
    } catch (error) {
      // The key set could not be fetched (refused, timed out): a server fault, not a bad token.
      if (error instanceof errors.JWKSTimeout) throw error;
      if (error instanceof errors.JOSEError) return { ok: false, reason: error.code };
      throw error;
    }
  };
}

import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

/**
 * Signing keys for tokens of several issuers: one remote key set for all when `jwksUrl` is
 * given, else one per issuer, found through its OpenID configuration on the first token that
 * names it (so start-up does not depend on the identity provider) and cached; `jose` follows key
 * rotation. A token's issuer picks its set; `iss` is verified against the accepted list after
 * the signature, and the verifier refuses an unknown issuer before asking for keys.
 */
export function issuerKeys(issuers: readonly string[], jwksUrl?: string): JWTVerifyGetKey {
  if (jwksUrl) return createRemoteJWKSet(new URL(jwksUrl));
  const sets = new Map<string, Promise<JWTVerifyGetKey>>();
  const setOf = (issuer: string) => {
    let set = sets.get(issuer);
    if (!set) {
      set = discoverJwksUri(issuer).then((uri) => createRemoteJWKSet(new URL(uri)));
      // A failed discovery is tried again on the next token.
      set.catch(() => sets.delete(issuer));
      sets.set(issuer, set);
    }
    return set;
  };
  return async (header, token) => {
    const issuer = issuerOf(token.payload);
    const trusted = issuer !== undefined && issuers.includes(issuer) ? issuer : issuers[0];
    if (trusted === undefined) throw new Error('no JWT issuer configured');
    return (await setOf(trusted))(header, token);
  };
}

/** The `iss` of a JWS payload not yet verified: only to choose where its keys come from. */
function issuerOf(payload: string | Uint8Array): string | undefined {
  try {
    const text = typeof payload === 'string' ? Buffer.from(payload, 'base64url') : payload;
    const { iss } = JSON.parse(Buffer.from(text).toString('utf8')) as { iss?: unknown };
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where an issuer publishes its OpenID configuration. Entra ID's v1.0 issuer
 * (`https://sts.windows.net/<tenant>/`) publishes it under `login.microsoftonline.com/<tenant>`
 * (https://learn.microsoft.com/entra/identity-platform/access-tokens, "v1.0 and v2.0 tokens");
 * every other issuer, Entra's v2.0 one included, under its own URL.
 */
export function openIdConfigurationUrl(issuer: string): string {
  const entraV1 = /^https:\/\/sts\.windows\.net\/([^/]+)\/?$/.exec(issuer);
  const base = entraV1 ? `https://login.microsoftonline.com/${entraV1[1]}` : issuer;
  return `${base.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const url = openIdConfigurationUrl(issuer);
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`OpenID discovery at ${url}: HTTP ${response.status}`);
  const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
  if (typeof jwksUri !== 'string') throw new Error(`OpenID discovery at ${url}: no jwks_uri`);
  return jwksUri;
}

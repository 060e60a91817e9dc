import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { FleetscoreError } from '../errors.js';
import { matchApiKey } from './auth-api-key.js';
import { type JwtAuthOptions, jwtVerifier } from './auth-jwt.js';

export { hashApiKey } from './auth-api-key.js';
export type { JwtAuthOptions } from './auth-jwt.js';

/** Who made a request. `anonymous` only where no credential is configured (loopback). */
export interface Principal {
  kind: 'api-key' | 'jwt' | 'anonymous';
  /** API key: the first 12 hex digits of its hash; JWT: `oid` or `sub`. Safe to log. */
  id: string;
}

export type AuthOutcome =
  | { ok: true; principal: Principal }
  | { ok: false; error: 'missing' | 'invalid'; detail: string };

export interface Authenticator {
  /** `enforced`: a credential is required; `open`: unauthenticated (loopback only). */
  readonly mode: 'enforced' | 'open';
  authenticate(request: FastifyRequest): Promise<AuthOutcome>;
}

export interface AuthOptions {
  /** Lower-case SHA-256 hex digests of the accepted API keys. Default: none. */
  apiKeyHashes?: readonly string[];
  /** Accept Entra ID / OpenID Connect bearer tokens too. Default: off. */
  jwt?: JwtAuthOptions;
  /**
   * The interface the server listens on. With no credential configured, requests go
   * unauthenticated only on a loopback host; anything else refuses to start.
   */
  host: string;
  /** Told once, at creation, when the server runs open. */
  warn?: (message: string) => void;
}

/**
 * The one authentication policy of Fleetscore's HTTP APIs (ingest, scheduler). A request
 * sends `Authorization: Bearer <credential>` or `x-api-key: <key>`; a bearer credential that
 * is a configured API key passes as one, otherwise it is verified as a JWT (when configured).
 * Throws a `CONFIG_INVALID` error when no credential is configured on a non-loopback host.
 */
export function createAuthenticator(options: AuthOptions): Authenticator {
  const hashes = options.apiKeyHashes ?? [];
  const verifyJwt = options.jwt && jwtVerifier(options.jwt);
  if (hashes.length === 0 && !verifyJwt) {
    if (!isLoopback(options.host)) {
      throw new FleetscoreError(
        'CONFIG_INVALID',
        `no API keys or JWT issuer configured, and ${options.host} is not a loopback address: refusing to serve unauthenticated`,
      );
    }
    options.warn?.(`no API keys configured: accepting unauthenticated requests on ${options.host}`);
    const principal: Principal = { kind: 'anonymous', id: 'anonymous' };
    return { mode: 'open', authenticate: async () => ({ ok: true, principal }) };
  }
  return {
    mode: 'enforced',
    async authenticate(request) {
      const credential = credentialOf(request);
      if (credential === undefined) {
        return { ok: false, error: 'missing', detail: 'send Authorization: Bearer <credential>' };
      }
      const hash = matchApiKey(credential, hashes);
      if (hash) return { ok: true, principal: { kind: 'api-key', id: hash.slice(0, 12) } };
      if (verifyJwt && credential.split('.').length === 3) {
        const verdict = await verifyJwt(credential);
        if (verdict.ok) return { ok: true, principal: { kind: 'jwt', id: verdict.subject } };
        return { ok: false, error: 'invalid', detail: `token rejected: ${verdict.reason}` };
      }
      return { ok: false, error: 'invalid', detail: 'unknown API key' };
    },
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireAuth` on the routes it guards. */
    principal?: Principal;
  }
}

/**
 * An `onRequest` hook for mutating routes: 401 `application/problem+json` with a
 * `WWW-Authenticate: Bearer` challenge (RFC 6750) unless the request authenticates.
 */
export function requireAuth(authenticator: Authenticator): onRequestHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const outcome = await authenticator.authenticate(request);
    if (outcome.ok) {
      request.principal = outcome.principal;
      return;
    }
    const challenge =
      outcome.error === 'missing'
        ? 'Bearer realm="fleetscore"'
        : 'Bearer realm="fleetscore", error="invalid_token"';
    return reply
      .code(401)
      .header('www-authenticate', challenge)
      .type('application/problem+json')
      .send({
        type: 'urn:fleetscore:problem:unauthorized',
        title: 'Authentication required',
        status: 401,
        detail: outcome.detail,
      });
  };
}

function credentialOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.trim() ? apiKey.trim() : undefined;
}

/** `localhost`, 127.0.0.0/8 and `::1`: reachable only from this machine (or pod). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * A service's authenticator from its configuration, or exit 2 (the configuration's exit code)
 * when it would serve unauthenticated on a public interface. Call before opening connections.
 */
export function authenticatorOrExit(
  config: Pick<AuthOptions, 'apiKeyHashes' | 'jwt' | 'host'>,
  log: { warn(message: string): void; fatal(message: string): void },
): Authenticator {
  try {
    return createAuthenticator({
      apiKeyHashes: config.apiKeyHashes,
      ...(config.jwt ? { jwt: config.jwt } : {}),
      host: config.host,
      warn: (message) => log.warn(message),
    });
  } catch (error) {
    log.fatal((error as Error).message);
    process.exit(2);
  }
}

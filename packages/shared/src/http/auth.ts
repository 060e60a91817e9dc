import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { grants, ROLES, type Role } from '../contracts/roles.js';
import { FleetscoreError } from '../errors.js';
import { type ApiKeyGrant, matchApiKey } from './auth-api-key.js';
import { type JwtAuthOptions, jwtVerifier } from './auth-jwt.js';
import { COMMON_PROBLEMS, problemSender } from './problems.js';

export { type ApiKeyGrant, hashApiKey, parseApiKeyEntry } from './auth-api-key.js';
export type { JwtAuthOptions } from './auth-jwt.js';
export { entraIssuers } from './entra-issuers.js';

/** Who made a request, and what they may do. `anonymous` only where no credential is configured. */
export interface Principal {
  kind: 'api-key' | 'jwt' | 'anonymous';
  /** API key: the first 12 hex digits of its hash; JWT: `oid` or `sub`. Safe to log. */
  id: string;
  /**
   * API key: the roles configured for it; JWT: the known values of its `roles` claim;
   * anonymous (open on loopback): every role.
   */
  roles: readonly Role[];
}

export type AuthOutcome =
  | { ok: true; principal: Principal }
  | { ok: false; error: 'missing' | 'invalid'; detail: string };

export interface Authenticator {
  /** `enforced`: a credential is required; `open`: unauthenticated (loopback only). */
  readonly mode: 'enforced' | 'open';
  authenticate(request: FastifyRequest, options?: CredentialOptions): Promise<AuthOutcome>;
}

export interface CredentialOptions {
  /**
   * Also read `Authorization: Basic` (the credential is the password; the user name is
   * ignored), for pages a browser opens itself and so cannot add a bearer header to.
   */
  basic?: boolean;
}

export interface AuthOptions {
  /** Accepted API keys with their roles (`parseApiKeyEntry`). Default: none. */
  apiKeys?: readonly ApiKeyGrant[];
  /** Lower-case SHA-256 hex digests of further accepted API keys, each with every role. */
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
  const grantsByHash = new Map<string, readonly Role[]>();
  for (const hash of options.apiKeyHashes ?? []) grantsByHash.set(hash.toLowerCase(), ROLES);
  for (const { hash, roles } of options.apiKeys ?? []) grantsByHash.set(hash.toLowerCase(), roles);
  const hashes = [...grantsByHash.keys()];
  const verifyJwt = options.jwt && jwtVerifier(options.jwt);
  if (hashes.length === 0 && !verifyJwt) {
    if (!isLoopback(options.host)) {
      throw new FleetscoreError(
        'CONFIG_INVALID',
        `no API keys or JWT issuer configured, and ${options.host} is not a loopback address: refusing to serve unauthenticated`,
      );
    }
    options.warn?.(`no API keys configured: accepting unauthenticated requests on ${options.host}`);
    const principal: Principal = { kind: 'anonymous', id: 'anonymous', roles: ROLES };
    return { mode: 'open', authenticate: async () => ({ ok: true, principal }) };
  }
  return {
    mode: 'enforced',
    async authenticate(request, credentialOptions) {
      const credential = credentialOf(request, credentialOptions);
      if (credential === undefined) {
        return { ok: false, error: 'missing', detail: 'send Authorization: Bearer <credential>' };
      }
      const hash = matchApiKey(credential, hashes);
      if (hash) {
        const roles = grantsByHash.get(hash) ?? [];
        return { ok: true, principal: { kind: 'api-key', id: hash.slice(0, 12), roles } };
      }
      if (verifyJwt && credential.split('.').length === 3) {
        const verdict = await verifyJwt(credential);
        if (verdict.ok) {
          const principal: Principal = { kind: 'jwt', id: verdict.subject, roles: verdict.roles };
          return { ok: true, principal };
        }
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

/** What `requireAuth` checks besides the credential. */
export interface RequireOptions extends CredentialOptions {
  /** The role the route needs (`grants`); 403 naming it when the principal lacks it. */
  role?: Role;
}

const sendAuthProblem = problemSender<
  'unauthorized' | 'forbidden',
  { detail?: string; requiredRole?: Role }
>(COMMON_PROBLEMS);

/**
 * An `onRequest` hook for guarded routes: 401 `application/problem+json` with a
 * `WWW-Authenticate` challenge (RFC 6750 Bearer; Basic too where `basic` is on, so a browser
 * asks for it) unless the request authenticates, then 403 unless the principal holds `role`.
 * Either way the hook answers before the body is read, so a refused request has no effect.
 */
export function requireAuth(
  authenticator: Authenticator,
  options: RequireOptions = {},
): onRequestHookHandler {
  const { role } = options;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const outcome = await authenticator.authenticate(request, options);
    if (!outcome.ok) {
      const bearer =
        outcome.error === 'missing'
          ? 'Bearer realm="fleetscore"'
          : 'Bearer realm="fleetscore", error="invalid_token"';
      // Two headers: a browser prompts for Basic (it knows no Bearer) and API clients read Bearer.
      const challenge = options.basic
        ? [bearer, 'Basic realm="fleetscore", charset="UTF-8"']
        : bearer;
      reply.header('www-authenticate', challenge);
      return sendAuthProblem(reply, 'unauthorized', { detail: outcome.detail });
    }
    request.principal = outcome.principal;
    if (role !== undefined && !grants(outcome.principal.roles, role)) {
      const held = outcome.principal.roles.join(', ') || 'no role';
      return sendAuthProblem(reply, 'forbidden', {
        detail: `this route needs the role ${role}; the credential holds ${held}`,
        requiredRole: role,
      });
    }
  };
}

function credentialOf(
  request: FastifyRequest,
  options: CredentialOptions = {},
): string | undefined {
  const header = request.headers.authorization;
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  const basic = options.basic ? header?.match(/^Basic\s+(\S+)\s*$/i)?.[1] : undefined;
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1).trim();
    if (decoded.includes(':') && password) return password;
  }
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
  config: Pick<AuthOptions, 'apiKeys' | 'jwt' | 'host'>,
  log: { warn(message: string): void; fatal(message: string): void },
): Authenticator {
  try {
    return createAuthenticator({
      ...(config.apiKeys ? { apiKeys: config.apiKeys } : {}),
      ...(config.jwt ? { jwt: config.jwt } : {}),
      host: config.host,
      warn: (message) => log.warn(message),
    });
  } catch (error) {
    log.fatal((error as Error).message);
    process.exit(2);
  }
}

// Variables more than one service reads: each service spreads or calls what it needs.
import type { z } from 'zod';
import { ROLES } from '../../contracts/roles.js';
import { type ApiKeyGrant, parseApiKeyEntry } from '../../http/auth-api-key.js';
import { entraIssuers } from '../../http/entra-issuers.js';
import { AZURE_ONLY, type BaseVariables } from '../common.js';
import type { Report } from '../resolve.js';
import { integer, matching, text, url, variable, variableDocs } from '../variables.js';
import { doc } from './define.js';

/** Read by the aggregator (writer) and the scheduler (planner): both must see the same value. */
export const shardsVariable = () =>
  integer(1, 4096)
    .prefault('16')
    .register(variableDocs, doc('Device shards of the window blob layout (fixed per deployment)'));

/**
 * Every service: where its internal listener (health, readiness, metrics; the scheduler's
 * scaling endpoint and OpenAPI docs) listens. Never exposed outside the environment.
 */
export const healthHostVariable = () =>
  text()
    .prefault('127.0.0.1')
    .register(
      variableDocs,
      doc('Interface of the internal listener: probes, metrics (0.0.0.0 in a container)'),
    );

/** Retries of a queue job before it is dead-lettered: the scheduler enqueues, the scorer obeys. */
export const attemptsVariable = () =>
  integer(1, 100)
    .prefault('5')
    .register(variableDocs, doc('Attempts of a scoring or training job before its dead letter'));

/** Comma-separated items, blanks ignored. */
const items = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Authentication of the HTTP APIs (ingest, scheduler): API keys by their hashes, each with the
 * roles it carries, and/or Entra ID (OpenID Connect) JWT bearer tokens, whose `roles` claim
 * says what the caller may do (docs/security.md, "Roles").
 */
export const authVariables = {
  FLEETSCORE_API_KEYS: variable(
    `a comma-separated list of SHA-256 hex digests, each alone (every role) or followed by :role+role… (roles: ${ROLES.join(', ')})`,
    (text) => {
      const grants = items(text).map(parseApiKeyEntry);
      if (grants.length === 0 || grants.some((grant) => grant === undefined)) return undefined;
      return grants as ApiKeyGrant[];
    },
  )
    .optional()
    .register(variableDocs, {
      description: `SHA-256 (hex) of each accepted API key; \`<sha256>:reader+runs.operate\` limits a key to those roles (alone: every role). With azure, this or an Entra ID issuer is required; unset locally, requests need no key on a loopback host only`,
      secret: true,
    }),
  FLEETSCORE_AUTH_TENANT_ID: matching(GUID, 'a tenant id (GUID)')
    .optional()
    .register(variableDocs, {
      description:
        'Accept Entra ID tokens of this tenant: v1.0 (`https://sts.windows.net/<tenant>/`) and v2.0 (`https://login.microsoftonline.com/<tenant>/v2.0`) issuers, keys from their OpenID configurations',
    }),
  FLEETSCORE_AUTH_ISSUER: variable('a comma-separated list of https URLs', (text) => {
    const issuers = items(text);
    const https = (item: string) => URL.canParse(item) && new URL(item).protocol === 'https:';
    return issuers.length > 0 && issuers.every(https) ? issuers : undefined;
  })
    .optional()
    .register(variableDocs, {
      description:
        "Accept JWT bearer tokens from these issuers (comma-separated), besides the tenant's, e.g. `https://login.microsoftonline.com/<tenant>/v2.0`",
    }),
  FLEETSCORE_AUTH_AUDIENCE: variable('a comma-separated list of audiences', (text) => {
    const audiences = items(text);
    return audiences.length > 0 ? audiences : undefined;
  })
    .optional()
    .register(variableDocs, {
      description:
        "The `aud` values accepted (comma-separated): the API's client id (v2.0 tokens) and its application id URI `api://…` (v1.0 tokens); required with a tenant or issuer",
    }),
  FLEETSCORE_AUTH_JWKS_URL: url('https').optional().register(variableDocs, {
    description: 'Signing keys of every issuer',
    default: "each issuer's OpenID configuration `jwks_uri`",
  }),
};

export function authConfig(env: z.output<z.ZodObject<typeof authVariables>>) {
  const tenant = env.FLEETSCORE_AUTH_TENANT_ID;
  const issuers = [
    ...(tenant ? entraIssuers(tenant.toLowerCase()) : []),
    ...(env.FLEETSCORE_AUTH_ISSUER ?? []),
  ];
  const audience = env.FLEETSCORE_AUTH_AUDIENCE;
  const jwksUrl = env.FLEETSCORE_AUTH_JWKS_URL;
  const apiKeys = env.FLEETSCORE_API_KEYS ?? [];
  return {
    /** Accepted API keys and their roles; empty means no API key is accepted. */
    apiKeys,
    /** The same keys' hashes alone (lower-case hex). */
    apiKeyHashes: apiKeys.map((grant) => grant.hash),
    jwt:
      issuers.length > 0 && audience
        ? { issuer: [...new Set(issuers)], audience, ...(jwksUrl ? { jwksUrl } : {}) }
        : undefined,
  };
}

export function checkAuth(
  env: BaseVariables & z.output<z.ZodObject<typeof authVariables>>,
  report: Report,
) {
  const issuer =
    env.FLEETSCORE_AUTH_TENANT_ID !== undefined || env.FLEETSCORE_AUTH_ISSUER !== undefined;
  if (issuer !== (env.FLEETSCORE_AUTH_AUDIENCE !== undefined)) {
    report(
      'FLEETSCORE_AUTH_AUDIENCE',
      'the issuer (or tenant) and the audience go together: set both or neither',
    );
  }
  // An open endpoint on the internet would accept anyone's writes.
  if (env.FLEETSCORE_BACKEND === 'azure' && env.FLEETSCORE_API_KEYS === undefined && !issuer) {
    report(
      'FLEETSCORE_API_KEYS',
      `not set; ${AZURE_ONLY} unless FLEETSCORE_AUTH_TENANT_ID or FLEETSCORE_AUTH_ISSUER is set`,
    );
  }
}

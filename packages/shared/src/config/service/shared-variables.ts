// Variables more than one service reads: each service spreads or calls what it needs.
import type { z } from 'zod';
import { AZURE_ONLY, type BaseVariables } from '../common.js';
import type { Report } from '../resolve.js';
import { integer, list, text, url, variableDocs } from '../variables.js';
import { doc } from './define.js';

/** Read by the aggregator (writer) and the scheduler (planner): both must see the same value. */
export const shardsVariable = () =>
  integer(1, 4096)
    .prefault('16')
    .register(variableDocs, doc('Device shards of the window blob layout (fixed per deployment)'));

/** Aggregator and scorer: where their health endpoints listen. */
export const healthHostVariable = () =>
  text()
    .prefault('127.0.0.1')
    .register(
      variableDocs,
      doc('Interface the health endpoints listen on (0.0.0.0 in a container)'),
    );

/** Retries of a queue job before it is dead-lettered: the scheduler enqueues, the scorer obeys. */
export const attemptsVariable = () =>
  integer(1, 100)
    .prefault('5')
    .register(variableDocs, doc('Attempts of a scoring or training job before its dead letter'));

/**
 * Authentication of the HTTP APIs (ingest; the scheduler API can spread these too): API keys
 * by their hashes, and/or Entra ID (OpenID Connect) JWT bearer tokens.
 */
export const authVariables = {
  FLEETSCORE_API_KEYS: list(/^[0-9a-fA-F]{64}$/, 'SHA-256 hex digests')
    .optional()
    .register(variableDocs, {
      description:
        'SHA-256 (hex) of each accepted API key. With azure, this or FLEETSCORE_AUTH_ISSUER is required; unset locally, requests need no key on a loopback host only',
      secret: true,
    }),
  FLEETSCORE_AUTH_ISSUER: url('https').optional().register(variableDocs, {
    description:
      'Accept JWT bearer tokens from this issuer, e.g. `https://login.microsoftonline.com/<tenant>/v2.0`',
  }),
  FLEETSCORE_AUTH_AUDIENCE: text()
    .optional()
    .register(variableDocs, doc('The `aud` tokens must carry; required with the issuer')),
  FLEETSCORE_AUTH_JWKS_URL: url('https').optional().register(variableDocs, {
    description: 'Signing keys of the issuer',
    default: "the issuer's OpenID configuration `jwks_uri`",
  }),
};

export function authConfig(env: z.output<z.ZodObject<typeof authVariables>>) {
  const issuer = env.FLEETSCORE_AUTH_ISSUER;
  const audience = env.FLEETSCORE_AUTH_AUDIENCE;
  const jwksUrl = env.FLEETSCORE_AUTH_JWKS_URL;
  return {
    /** Lower-case hex; empty means no API key is accepted. */
    apiKeyHashes: (env.FLEETSCORE_API_KEYS ?? []).map((hash) => hash.toLowerCase()),
    jwt: issuer && audience ? { issuer, audience, ...(jwksUrl ? { jwksUrl } : {}) } : undefined,
  };
}

export function checkAuth(
  env: BaseVariables & z.output<z.ZodObject<typeof authVariables>>,
  report: Report,
) {
  if ((env.FLEETSCORE_AUTH_ISSUER === undefined) !== (env.FLEETSCORE_AUTH_AUDIENCE === undefined)) {
    report(
      'FLEETSCORE_AUTH_AUDIENCE',
      'the issuer and the audience go together: set both or neither',
    );
  }
  // An open endpoint on the internet would accept anyone's writes.
  const noCredential =
    env.FLEETSCORE_API_KEYS === undefined && env.FLEETSCORE_AUTH_ISSUER === undefined;
  if (env.FLEETSCORE_BACKEND === 'azure' && noCredential) {
    report('FLEETSCORE_API_KEYS', `not set; ${AZURE_ONLY} unless FLEETSCORE_AUTH_ISSUER is set`);
  }
}

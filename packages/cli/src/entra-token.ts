import type { AccessToken, TokenCredential } from '@azure/identity';
import { failureReason } from '@fleetscore/shared';
import { ApiRequestError } from './api-errors.js';

/** Where `--auth entra` gets tokens: main.ts builds `DefaultAzureCredential`, tests their own. */
export type CredentialSource = () => TokenCredential | Promise<TokenCredential>;

export interface EntraTokenOptions {
  credential: CredentialSource;
  /** `<audience>/.default`, e.g. `api://fleetscore/.default`. */
  scope: string;
  /** Bound on one sign-in (the credential chain may run `az` or probe a managed identity). */
  timeoutMs: number;
  /** Clock in ms since the epoch; tests move it. Default `Date.now`. */
  now?: () => number;
}

/**
 * Renew this long before a token expires, so a request never leaves with a token that runs out
 * on its way (the API allows 60 s of clock skew, not more).
 */
const EXPIRY_MARGIN_MS = 2 * 60_000;

/**
 * Bearer tokens for one scope, from one sign-in reused for the token's lifetime: a `--wait`
 * loop polling every 2 s must not run `az account get-access-token` (about a second each)
 * per poll. Concurrent callers share one sign-in. The credential is built on first use only.
 */
export function entraTokens(options: EntraTokenOptions): () => Promise<string> {
  const { scope, timeoutMs, now = Date.now } = options;
  let credential: TokenCredential | undefined;
  let token: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;

  const fresh = (t: AccessToken) =>
    now() < Math.min(t.refreshAfterTimestamp ?? Infinity, t.expiresOnTimestamp - EXPIRY_MARGIN_MS);

  async function signIn(): Promise<AccessToken> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      credential ??= await options.credential();
      // Not every credential in the chain honours the signal, so the race bounds them all.
      const aborted = new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
      );
      const got = await Promise.race([
        credential.getToken(scope, { abortSignal: signal }),
        aborted,
      ]);
      if (!got) throw new Error('the credential returned no token');
      return got;
    } catch (error) {
      if (signal.aborted) {
        throw new ApiRequestError(
          'sign-in',
          `Entra ID sign-in for ${scope} did not finish within ${timeoutMs / 1000} s (--timeout / FLEETSCORE_API_TIMEOUT_SECONDS)`,
        );
      }
      throw new ApiRequestError('sign-in', signInErrorMessage(error, scope));
    }
  }

  return async () => {
    if (token && fresh(token)) return token.token;
    pending ??= signIn().finally(() => {
      pending = undefined;
    });
    token = await pending;
    return token.token;
  };
}

/** Entra's own reason, e.g. `AADSTS65001: The user or administrator has not consented…`. */
const AADSTS = /AADSTS\d+:[^\r\n]*?(?:\.(?=\s)|$)/m;

/**
 * One line for what went wrong in the credential chain. `DefaultAzureCredential` throws an
 * `AggregateAuthenticationError` whose message is one paragraph per credential tried; the
 * useful part is either Entra's `AADSTS…` reason (a wrong scope, missing consent, a disabled
 * account — `az` reports these as "unavailable" too) or, when no credential could even try,
 * what to do about it.
 */
export function signInErrorMessage(error: unknown, scope: string): string {
  const prefix = `cannot sign in to Entra ID for ${scope}`;
  const errors = nested(error);
  for (const e of errors) {
    const reason = failureReason(e).match(AADSTS)?.[0];
    if (reason) return `${prefix}: ${reason}`;
  }
  if (errors.every((e) => nameOf(e) === 'CredentialUnavailableError')) {
    return `${prefix}: no credential available — run \`az login\`, or run with a managed identity or AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET set`;
  }
  const failed = errors.find((e) => nameOf(e) !== 'CredentialUnavailableError') ?? error;
  const description = (failed as { errorResponse?: { errorDescription?: string } }).errorResponse
    ?.errorDescription;
  const first = (description ?? failureReason(failed)).split(/\r?\n/).find((line) => line.trim());
  return `${prefix}: ${first?.trim() ?? 'the credential failed without a message'}`;
}

const nameOf = (error: unknown) => (error as { name?: unknown })?.name;

/** The errors of an aggregate (one per credential tried), or the error itself. */
function nested(error: unknown): unknown[] {
  const errors = (error as { errors?: unknown })?.errors;
  return Array.isArray(errors) && errors.length > 0 ? errors : [error];
}

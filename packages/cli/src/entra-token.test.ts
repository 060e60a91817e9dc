import {
  type AccessToken,
  AggregateAuthenticationError,
  AuthenticationError,
  CredentialUnavailableError,
  type GetTokenOptions,
  type TokenCredential,
} from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { ApiRequestError } from './api-errors.js';
import { entraTokens, signInErrorMessage } from './entra-token.js';

const SCOPE = 'api://fleetscore/.default';
const HOUR = 3_600_000;

/** A credential that hands out numbered tokens valid for an hour of the test's clock. */
function countingCredential(clock: { now: number }) {
  const calls: { scopes: string | string[]; options?: GetTokenOptions }[] = [];
  const credential: TokenCredential = {
    async getToken(scopes, options) {
      calls.push({ scopes, ...(options ? { options } : {}) });
      return { token: `token-${calls.length}`, expiresOnTimestamp: clock.now + HOUR };
    },
  };
  return { credential, calls };
}

describe('entraTokens', () => {
  it('signs in once for the scope and reuses the token for its lifetime', async () => {
    const clock = { now: Date.parse('2026-11-25T09:00:00Z') };
    const { credential, calls } = countingCredential(clock);
    let built = 0;
    const token = entraTokens({
      credential: () => {
        built += 1;
        return credential;
      },
      scope: SCOPE,
      timeoutMs: 1000,
      now: () => clock.now,
    });
    expect(built).toBe(0); // nothing happens before the first request

    expect(await token()).toBe('token-1');
    clock.now += 30 * 60_000;
    expect(await token()).toBe('token-1');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.scopes).toBe(SCOPE);
    expect(calls[0]?.options?.abortSignal).toBeDefined();

    // Two minutes before it expires, the next request gets a new one.
    clock.now += 28 * 60_000;
    expect(await token()).toBe('token-2');
    expect(built).toBe(1);
  });

  it('renews after refreshAfterTimestamp when the credential sets it', async () => {
    let now = 0;
    let n = 0;
    const credential: TokenCredential = {
      getToken: async (): Promise<AccessToken> => ({
        token: `t${++n}`,
        expiresOnTimestamp: now + HOUR,
        refreshAfterTimestamp: now + HOUR / 2,
      }),
    };
    const token = entraTokens({
      credential: () => credential,
      scope: SCOPE,
      timeoutMs: 1000,
      now: () => now,
    });
    expect(await token()).toBe('t1');
    now = HOUR / 2 - 1;
    expect(await token()).toBe('t1');
    now = HOUR / 2;
    expect(await token()).toBe('t2');
  });

  it('shares one sign-in between concurrent requests', async () => {
    const clock = { now: 0 };
    const { credential, calls } = countingCredential(clock);
    const token = entraTokens({ credential: () => credential, scope: SCOPE, timeoutMs: 1000 });
    expect(await Promise.all([token(), token(), token()])).toEqual([
      'token-1',
      'token-1',
      'token-1',
    ]);
    expect(calls).toHaveLength(1);
  });

  it('bounds a sign-in that never finishes', async () => {
    const credential: TokenCredential = { getToken: () => new Promise(() => {}) };
    const token = entraTokens({ credential: () => credential, scope: SCOPE, timeoutMs: 50 });
    const error = await token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({
      code: 'sign-in',
      message: `Entra ID sign-in for ${SCOPE} did not finish within 0.05 s (--timeout / FLEETSCORE_API_TIMEOUT_SECONDS)`,
    });
  });

  it('turns a failed chain into one line, and tries again on the next request', async () => {
    let attempts = 0;
    const credential: TokenCredential = {
      async getToken() {
        attempts += 1;
        throw new AggregateAuthenticationError(
          [
            new CredentialUnavailableError('EnvironmentCredential is unavailable. …'),
            new CredentialUnavailableError(
              'ManagedIdentityCredential: Authentication failed.\nHttp status code: 403',
            ),
            new CredentialUnavailableError("Please run 'az login' to set up an account"),
          ],
          'ChainedTokenCredential authentication failed.',
        );
      },
    };
    const token = entraTokens({ credential: () => credential, scope: SCOPE, timeoutMs: 1000 });
    const error = await token().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'sign-in',
      message: `cannot sign in to Entra ID for ${SCOPE}: no credential available — run \`az login\`, or run with a managed identity or AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET set`,
    });
    await token().catch(() => {});
    expect(attempts).toBe(2);
  });
});

describe('signInErrorMessage', () => {
  it("shows Entra's AADSTS reason, even when az reported it as unavailable", () => {
    const consent = new CredentialUnavailableError(
      "ERROR: AADSTS65001: The user or administrator has not consented to use the application with ID '04b07795-8ddb-461a-bbee-02f9e1bf7b46' named 'Microsoft Azure CLI'. Send an interactive authorization request for this user and resource.\nTrace ID: 1f2e\nCorrelation ID: 3a4b",
    );
    const chain = new AggregateAuthenticationError(
      [new CredentialUnavailableError('EnvironmentCredential is unavailable.'), consent],
      'ChainedTokenCredential authentication failed.',
    );
    expect(signInErrorMessage(chain, SCOPE)).toBe(
      `cannot sign in to Entra ID for ${SCOPE}: AADSTS65001: The user or administrator has not consented to use the application with ID '04b07795-8ddb-461a-bbee-02f9e1bf7b46' named 'Microsoft Azure CLI'.`,
    );
  });

  it("gives an authentication error's description, first line only", () => {
    const error = new AuthenticationError(400, {
      error: 'invalid_client',
      error_description: 'The client secret has expired\r\nTimestamp: 2026-11-25 09:00:00Z',
    });
    expect(signInErrorMessage(error, SCOPE)).toBe(
      `cannot sign in to Entra ID for ${SCOPE}: The client secret has expired`,
    );
    expect(signInErrorMessage(new Error('\nsomething odd\nmore'), SCOPE)).toBe(
      `cannot sign in to Entra ID for ${SCOPE}: something odd`,
    );
  });
});

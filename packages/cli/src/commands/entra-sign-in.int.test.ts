import type { IncomingMessage } from 'node:http';
import type { GetTokenOptions, TokenCredential } from '@azure/identity';
import { startTestApi, type TestApi } from '@fleetscore/scheduler/testing';
import { type TestTokenIssuer, testTokenIssuer } from '@fleetscore/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetscoreWith } from '../cli.test-helper.js';

// The scheduler's real authenticator, trusting a local test issuer whose audience is
// `api://fleetscore-test`: what Entra ID would sign, checked the way Entra's tokens are.
const SCOPE = 'api://fleetscore-test/.default';
let api: TestApi;
let issuer: TestTokenIssuer;

beforeAll(async () => {
  issuer = await testTokenIssuer();
  api = await startTestApi({ listen: true, jwt: issuer.jwt });
});
afterAll(async () => {
  await api?.close();
});

/** Stands in for DefaultAzureCredential: records each sign-in, hands out the issuer's tokens. */
function issuerCredential(mint: () => Promise<string>) {
  const signIns: { scopes: string | string[]; options?: GetTokenOptions }[] = [];
  const credential: TokenCredential = {
    async getToken(scopes, options) {
      signIns.push({ scopes, ...(options ? { options } : {}) });
      return { token: await mint(), expiresOnTimestamp: Date.now() + 5 * 60_000 };
    },
  };
  return { credential, signIns };
}

describe('fleetscore runs --auth entra', () => {
  it('sends an Entra ID token the API accepts, signing in once for a whole --wait', async () => {
    const { credential, signIns } = issuerCredential(() => issuer.valid('cli-user'));
    // End the run only after the CLI has polled it three times, so the wait makes several
    // requests whatever the machine's speed.
    const polls: string[] = [];
    const onRequest = (request: IncomingMessage) => {
      const id = request.url?.match(/^\/v1\/runs\/([^/?]+)$/)?.[1];
      if (request.method !== 'GET' || !id) return;
      polls.push(String(request.headers.authorization));
      if (polls.length === 3) {
        void api.ledger.updateRun(id, (run) => ({
          ...run,
          state: 'succeeded',
          endedAt: new Date().toISOString(),
        }));
      }
    };
    api.app.server.on('request', onRequest);
    try {
      const { code, stdout, stderr } = await fleetscoreWith(
        {
          env: { FLEETSCORE_API_URL: api.url, FLEETSCORE_API_SCOPE: SCOPE },
          credential: () => credential,
        },
        ...['runs', 'trigger', '--from', '2026-11-25T08:00:00Z', '--to', '2026-11-25T09:00:00Z'],
        ...['--entities', 'slow/s1', '--wait', '--interval', '20', '--auth', 'entra'],
      );
      expect(stderr).toMatch(/ended succeeded/);
      expect(code).toBe(0);
      const run = await api.ledger.getRun(stdout.trim());
      expect(run).toMatchObject({ state: 'succeeded', trigger: { kind: 'cli' } });
    } finally {
      api.app.server.off('request', onRequest);
    }
    expect(polls.length).toBeGreaterThanOrEqual(3);
    expect(polls[0]).toMatch(/^Bearer eyJ/);
    expect(new Set(polls).size).toBe(1); // the same token on every poll
    expect(signIns.map((s) => s.scopes)).toEqual([SCOPE]);
  });

  it("reports the API's refusal of a token, naming the credential sent", async () => {
    const other = await testTokenIssuer(); // signs with a key the API does not trust
    const { credential } = issuerCredential(() => other.valid());
    const { code, stderr } = await fleetscoreWith(
      { env: { FLEETSCORE_API_URL: api.url }, credential: () => credential },
      ...['runs', 'list', '--auth', 'entra', '--scope', SCOPE],
    );
    expect(stderr).toMatch(
      new RegExp(
        `^fleetscore: Authentication required: .*\\(sent: Entra ID token for ${SCOPE.replaceAll('.', '\\.')}\\)\\n$`,
      ),
    );
    expect(code).toBe(1);
  });

  it('exits 1 with one line when the credential chain cannot sign in', async () => {
    // The test helper's default credential is unavailable, as DefaultAzureCredential is
    // on a machine with no `az login`, managed identity or AZURE_* variables.
    const { code, stderr } = await fleetscoreWith(
      { env: { FLEETSCORE_API_URL: api.url } },
      ...['models', 'list', '--auth', 'entra', '--scope', SCOPE],
    );
    expect(stderr).toBe(
      `fleetscore: cannot sign in to Entra ID for ${SCOPE}: no credential available — run \`az login\`, or run with a managed identity or AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET set\n`,
    );
    expect(code).toBe(1);
  });
});

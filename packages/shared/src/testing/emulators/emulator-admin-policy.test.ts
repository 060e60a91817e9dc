import { describe, expect, it } from 'vitest';
import { emulatorAdminPolicy } from './emulator-admin-policy.js';
import { emulatorStack } from './emulator-stack.js';

describe('emulatorAdminPolicy', () => {
  it('sends the SDK’s https://<host>/ requests to the emulator’s plain-HTTP admin port', async () => {
    const policy = emulatorAdminPolicy('http://localhost:5300');
    const request = { url: 'https://localhost/scoring/$runtime?api-version=2021-05' };
    const sent = await policy.sendRequest(request, async (r) => ({ ...r }));
    expect(sent).toEqual({
      url: 'http://localhost:5300/scoring/$runtime?api-version=2021-05',
      allowInsecureConnection: true,
    });
  });
});

describe('emulatorStack', () => {
  it('defaults to deploy/compose.yaml’s published ports, and takes overrides', () => {
    const stack = emulatorStack({});
    expect(stack.serviceBusConnectionString).toContain('Endpoint=sb://localhost:5673;');
    expect(stack.eventHubsConnectionString).toContain('Endpoint=sb://localhost;');
    expect(stack.serviceBusAdminUrl).toBe('http://localhost:5300');
    expect(
      emulatorStack({ FLEETSCORE_EMULATOR_SERVICEBUS_ADMIN_URL: 'http://sb:5300' })
        .serviceBusAdminUrl,
    ).toBe('http://sb:5300');
  });
});

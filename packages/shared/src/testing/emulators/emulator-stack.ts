/**
 * Where the emulators project (vitest.emulators.config.ts, `*.emulator.test.ts`) finds the
 * Event Hubs and Service Bus emulators and Azurite. The defaults are deploy/compose.yaml's
 * published ports (`docker compose -f deploy/compose.yaml --profile azure up -d …`, see
 * docs/testing.md); the CI workflow sets the same values explicitly. The connection strings are
 * the emulators' published development ones, not secrets.
 */
export interface EmulatorStack {
  /** Event Hubs emulator, AMQP (compose: 5672). */
  eventHubsConnectionString: string;
  /** The hub declared for the conformance suite in deploy/emulators/eventhubs.json. */
  eventHubName: string;
  /** Service Bus emulator, AMQP (compose: 5673 on the host). */
  serviceBusConnectionString: string;
  /** Service Bus emulator's administration API, plain HTTP (compose: 5300). */
  serviceBusAdminUrl: string;
  /** Azurite: the checkpoint containers of the Event Hubs suite. */
  storageConnectionString: string;
}

const KEY = 'SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE';

export function emulatorStack(env: NodeJS.ProcessEnv = process.env): EmulatorStack {
  return {
    eventHubsConnectionString:
      env.FLEETSCORE_EMULATOR_EVENTHUBS_CONNECTION_STRING ??
      `Endpoint=sb://localhost;${KEY};UseDevelopmentEmulator=true;`,
    eventHubName: env.FLEETSCORE_EMULATOR_EVENTHUB_NAME ?? 'conformance',
    serviceBusConnectionString:
      env.FLEETSCORE_EMULATOR_SERVICEBUS_CONNECTION_STRING ??
      `Endpoint=sb://localhost:5673;${KEY};UseDevelopmentEmulator=true;`,
    serviceBusAdminUrl: env.FLEETSCORE_EMULATOR_SERVICEBUS_ADMIN_URL ?? 'http://localhost:5300',
    storageConnectionString:
      env.FLEETSCORE_STORAGE_CONNECTION_STRING ?? 'UseDevelopmentStorage=true',
  };
}

/**
 * `pnpm stack:up | stack:down [--wipe] | stack:status` — the local stack (Redis + Azurite) on
 * loopback. `--wipe` also deletes the stack's data once it is stopped.
 * Exit codes: 0 ok, 1 a component failed, 2 bad usage.
 */
import { stackDown, stackSettings, stackStatus, stackUp } from './stack/index.js';

const usage = 'usage: stack-cli.ts up | down [--wipe] | status';

async function main(command: string | undefined, flags: string[]): Promise<number> {
  const settings = stackSettings();
  switch (command) {
    case 'up': {
      await stackUp(settings);
      const { env } = await stackStatus(settings);
      console.log(
        '\nPoint the services and the CLI at it with (these are the defaults for the default ports):',
      );
      for (const [name, value] of Object.entries(env)) {
        console.log(
          `  ${name}=${name.includes('CONNECTION') ? value.replace(/AccountKey=[^;]+/, 'AccountKey=…') : value}`,
        );
      }
      return 0;
    }
    case 'down': {
      const unknown = flags.filter((f) => f !== '--wipe');
      if (unknown.length > 0) {
        console.error(`unknown option ${unknown.join(' ')}\n${usage}`);
        return 2;
      }
      await stackDown(settings, console.log, { wipe: flags.includes('--wipe') });
      return 0;
    }
    case 'status': {
      const status = await stackStatus(settings);
      console.log(`redis    ${status.redis ? 'up' : 'down'}  ${status.env.FLEETSCORE_REDIS_URL}`);
      console.log(
        `azurite  ${status.azurite ? 'up' : 'down'}  blob :${settings.blobPort} queue :${settings.queuePort} table :${settings.tablePort}`,
      );
      return status.redis && status.azurite ? 0 : 1;
    }
    default:
      console.error(usage);
      return 2;
  }
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`stack: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

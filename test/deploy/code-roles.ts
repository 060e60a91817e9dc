// What each service's code needs of Azure, read from the code: the port methods and open
// helpers it calls (its own sources, tests excluded) and the shared readiness checks its
// composition root uses (their bodies in packages/shared/src/adapters/health-checks.ts). Each
// call maps to the data role the Azure adapter behind it needs. The adapters' own needs are
// the map below, written once: a service is held to them, not to guesses about its files.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RoleName } from './bicep-roles.js';
import { REPO, readRepoFile, type ServiceName } from './files.js';

export interface Need {
  role: RoleName;
  scope: string;
  /** The call that needs it, and where: `.depth(` in services/scheduler/src/…. */
  because: string;
}

/** Call → the roles the Azure adapter behind it needs (service-bus-job-queue.ts, …). */
const CALLS: { call: RegExp; label: string; needs: [RoleName, string][] }[] = [
  // Event Hubs: the producer sends; a subscriber receives and keeps ownership and checkpoint
  // blobs in the checkpoint container.
  {
    call: /\.publish\(/,
    label: '.publish(',
    needs: [['Azure Event Hubs Data Sender', 'hub readings']],
  },
  {
    call: /\.subscribe\(/,
    label: '.subscribe(',
    needs: [
      ['Azure Event Hubs Data Receiver', 'hub readings'],
      ['Storage Blob Data Contributor', 'container fleetscore-checkpoints'],
    ],
  },
  // Storage: the blob container, and tables (created when missing, so on the account).
  {
    call: /\bopenBlobStore\(/,
    label: 'openBlobStore(',
    needs: [['Storage Blob Data Contributor', 'container fleetscore']],
  },
  {
    call: /\bopenModelRegistry\(/,
    label: 'openModelRegistry(',
    needs: [
      ['Storage Blob Data Contributor', 'container fleetscore'],
      ['Storage Table Data Contributor', 'storage account'],
    ],
  },
  {
    call: /\bopen(RecordTable|Ledger)\b/,
    label: 'openRecordTable/openLedger(',
    needs: [['Storage Table Data Contributor', 'storage account']],
  },
  // Service Bus: enqueue sends (or schedules); consume receives, settles, and schedules the
  // retry copy of a failed job (a send); depth reads runtime properties, a management read
  // only Data Owner grants; dead letters are peeked (receive) and replayed (receive + send).
  {
    call: /\.enqueue\(/,
    label: '.enqueue(',
    needs: [['Azure Service Bus Data Sender', 'queue scoring']],
  },
  {
    call: /\.consume\(/,
    label: '.consume(',
    needs: [
      ['Azure Service Bus Data Receiver', 'queue scoring'],
      ['Azure Service Bus Data Sender', 'queue scoring'],
    ],
  },
  {
    call: /\.depth\(/,
    label: '.depth(',
    needs: [['Azure Service Bus Data Owner', 'queue scoring']],
  },
  {
    call: /\.deadLetters\(/,
    label: '.deadLetters(',
    needs: [['Azure Service Bus Data Receiver', 'queue scoring']],
  },
  {
    call: /\.replayDeadLetter\(/,
    label: '.replayDeadLetter(',
    needs: [
      ['Azure Service Bus Data Receiver', 'queue scoring'],
      ['Azure Service Bus Data Sender', 'queue scoring'],
    ],
  },
];

/** Data Owner includes the Sender's and the Receiver's data actions. */
export const IMPLIED_BY: Partial<Record<RoleName, RoleName>> = {
  'Azure Service Bus Data Sender': 'Azure Service Bus Data Owner',
  'Azure Service Bus Data Receiver': 'Azure Service Bus Data Owner',
};

const HEALTH_CHECKS = 'packages/shared/src/adapters/health-checks.ts';

/** The roles `service`'s code needs, each with the call that needs it. */
export function codeNeeds(service: ServiceName): Need[] {
  const sources = serviceSources(service).map((path) => ({ path, text: readRepoFile(path) }));
  const main = readRepoFile(`services/${service}/src/main.ts`);
  for (const [name, body] of healthChecks()) {
    if (new RegExp(`\\b${name}\\(`).test(main))
      sources.push({ path: `${HEALTH_CHECKS} ${name}`, text: body });
  }
  return sources.flatMap(({ path, text }) =>
    CALLS.filter(({ call }) => call.test(stripComments(text))).flatMap(({ label, needs }) =>
      needs.map(([role, scope]) => ({ role, scope, because: `${label} in ${path}` })),
    ),
  );
}

/** The non-test TypeScript sources of a service. */
function serviceSources(service: ServiceName): string[] {
  const root = join(REPO, 'services', service, 'src');
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'testing' ? [] : walk(path);
      return /\.ts$/.test(name) && !/\.test(-helper)?\.ts$|\.test\.ts$/.test(name) ? [path] : [];
    });
  return walk(root).map((path) => relative(REPO, path));
}

/** The exported readiness checks of health-checks.ts: name → its source up to the next export. */
function healthChecks(): [string, string][] {
  const text = readRepoFile(HEALTH_CHECKS);
  const starts = [...text.matchAll(/^export (?:const|async function|function) (\w+)/gm)];
  return starts.map((match, i) => [
    match[1] ?? '',
    text.slice(match.index, starts[i + 1]?.index ?? text.length),
  ]);
}

/** Source without `//` and `/* *\/` comments, so a call named in prose does not count. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

// Who gets which Azure role where, read from deploy/azure: every role assignment of a module
// (`for principalId in <param>` with its role definition and scope), followed back to the
// principals resources.bicep passes in that param. The result is the table docs/security.md
// shows and roles.test.ts compares with what each service's code calls.
import { moduleCalls, propertyText, resources } from './bicep.js';
import { readRepoFile, SERVICES } from './files.js';

/** Built-in role definition ids (Azure RBAC built-in roles, docs/security.md cites them). */
export const ROLE_IDS = {
  AcrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  'Azure Event Hubs Data Sender': '2b629674-e913-4c01-ae53-ef4638d8f975',
  'Azure Event Hubs Data Receiver': 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde',
  'Azure Service Bus Data Sender': '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
  'Azure Service Bus Data Receiver': '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
  'Azure Service Bus Data Owner': '090c5cfd-751d-490a-894a-3ce6f1109419',
} as const;
export type RoleName = keyof typeof ROLE_IDS;

/** The scale rule's identity (resources.bicep `scalerIdentity`), named like a service. */
export const SCALER = 'scorer-scaler';

/** What each module's role assignments are scoped to (the resource symbol in its `scope:`). */
const SCOPES: Record<string, string> = {
  registry: 'registry',
  hub: 'hub readings',
  dataContainer: 'container fleetscore',
  checkpointContainer: 'container fleetscore-checkpoints',
  account: 'storage account',
  queue: 'queue scoring',
};

export interface RoleAssignment {
  /** A service name, or SCALER. */
  principal: string;
  role: RoleName;
  scope: string;
}

const DIR = 'deploy/azure';

export function roleAssignments(): RoleAssignment[] {
  const main = readRepoFile(`${DIR}/resources.bicep`);
  return moduleCalls(main).flatMap((call) => {
    const source = readRepoFile(`${DIR}/${call.path}`);
    return resources(source)
      .filter((r) => r.type === 'Microsoft.Authorization/roleAssignments')
      .flatMap((assignment) => {
        const param = /for principalId in (\w+)/.exec(assignment.text)?.[1];
        const roleVar = /roleDefinitionId:\s*(\w+)/.exec(assignment.text)?.[1];
        const scopeSymbol = /\bscope:\s*(\w+)/.exec(assignment.text)?.[1] ?? '';
        if (!param || !roleVar) throw new Error(`${call.path}: unreadable role assignment`);
        const role = roleNamed(roleIdOf(source, roleVar), `${call.path} ${roleVar}`);
        const scope = SCOPES[scopeSymbol] ?? `unknown scope ${scopeSymbol}`;
        return principalsOf(propertyText(call.params, param) ?? '').map((principal) => ({
          principal,
          role,
          scope,
        }));
      });
  });
}

/** The role id of `var <name> = subscriptionResourceId('…/roleDefinitions', '<id>')`. */
function roleIdOf(source: string, name: string): string {
  const pattern = new RegExp(`var ${name} = subscriptionResourceId\\([^,]+,\\s*'([0-9a-f-]+)'\\)`);
  const id = pattern.exec(source)?.[1];
  if (!id) throw new Error(`no role definition var ${name}`);
  return id;
}

function roleNamed(id: string, where: string): RoleName {
  const entry = Object.entries(ROLE_IDS).find(([, roleId]) => roleId === id);
  if (!entry) throw new Error(`${where}: role ${id} is not one this deployment expects`);
  return entry[0] as RoleName;
}

/** The principals of a principal-id list passed to a module. */
function principalsOf(list: string): string[] {
  if (/for \(service, i\) in services/.test(list)) return [...SERVICES];
  const named = [...list.matchAll(/identities\[(\w+)\]|(scalerIdentity)/g)].map(
    (m) => m[1] ?? SCALER,
  );
  return named;
}

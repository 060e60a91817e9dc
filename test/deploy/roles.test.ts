// Least privilege, offline: the role assignments read out of the Bicep are the table in
// docs/security.md, every call a service's code makes is covered by a role of its identity,
// and no identity holds a role none of its service's calls needs.
import { describe, expect, it } from 'vitest';
import { moduleCalls, propertyText, stripComments } from './bicep.js';
import { ROLE_IDS, type RoleAssignment, roleAssignments, SCALER } from './bicep-roles.js';
import { codeNeeds, IMPLIED_BY } from './code-roles.js';
import { readRepoFile, SERVICES } from './files.js';

const granted = roleAssignments();
const key = (a: Pick<RoleAssignment, 'principal' | 'role' | 'scope'>) =>
  `${a.principal} | ${a.role} | ${a.scope}`;
const ofPrincipal = (principal: string) => granted.filter((a) => a.principal === principal);

/** The rows of the roles table in docs/security.md: identity | role | scope | needed by. */
function documentedRoles(): RoleAssignment[] {
  const doc = readRepoFile('docs/security.md');
  const start = doc.indexOf('### Who may do what in Azure (roles)');
  expect(start, 'the roles section of docs/security.md').toBeGreaterThan(-1);
  // The first table after the heading: its consecutive `|` lines, less header and separator.
  const lines = doc.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, i) => i > first && !line.startsWith('|'));
  const rows = lines
    .slice(first + 2, end)
    .map((line) => line.split('|').map((cell) => cell.trim()));
  return rows.map(([, principal = '', role = '', scope = '']) => ({
    principal,
    role: role as RoleAssignment['role'],
    scope,
  }));
}

describe('Azure roles: the Bicep, the docs and the code agree', () => {
  it('assigns exactly the roles docs/security.md lists', () => {
    expect(documentedRoles().map(key).sort()).toEqual(granted.map(key).sort());
  });

  it('assigns each role once per identity and scope', () => {
    const keys = granted.map(key);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it.each(SERVICES)('%s: every Azure call its code makes is covered by its roles', (service) => {
    const has = (role: string, scope: string) =>
      ofPrincipal(service).some((a) => a.role === role && a.scope === scope);
    const missing = codeNeeds(service).filter(
      (need) =>
        !has(need.role, need.scope) &&
        !(IMPLIED_BY[need.role] && has(IMPLIED_BY[need.role] as string, need.scope)),
    );
    expect(missing.map((m) => `${m.role} on ${m.scope}: ${m.because}`)).toEqual([]);
  });

  it.each(SERVICES)('%s: holds no role that none of its calls needs', (service) => {
    const needs = codeNeeds(service);
    const unneeded = ofPrincipal(service).filter(
      (a) =>
        a.role !== 'AcrPull' &&
        !needs.some((need) => need.role === a.role && need.scope === a.scope),
    );
    expect(unneeded.map(key)).toEqual([]);
  });

  it('pulls images with every service identity, and only those', () => {
    const pullers = granted.filter((a) => a.role === 'AcrPull').map((a) => a.principal);
    expect(pullers.sort()).toEqual([...SERVICES].sort());
  });

  it('gives Service Bus Data Owner (queue depth) only to the scheduler and the scale rule', () => {
    const owners = granted.filter((a) => a.role === 'Azure Service Bus Data Owner');
    expect(owners.map(key).sort()).toEqual(
      [
        `scheduler | Azure Service Bus Data Owner | queue scoring`,
        `${SCALER} | Azure Service Bus Data Owner | queue scoring`,
      ].sort(),
    );
  });

  it('grants nothing on a whole account but the tables, which the services create', () => {
    const accountWide = granted.filter((a) => a.scope === 'storage account');
    expect(new Set(accountWide.map((a) => a.role))).toEqual(
      new Set(['Storage Table Data Contributor']),
    );
  });
});

describe('Azure roles: the scale rule identity', () => {
  const rg = readRepoFile('deploy/azure/resources.bicep');
  const scorer = moduleCalls(rg).find((m) => m.symbol === 'scorerApp');
  const p = (name: string) => propertyText(scorer?.params ?? '', name) ?? '';

  it('is its own identity, attached to the scorer app and named by the scale rule', () => {
    expect(stripComments(rg)).toMatch(
      /resource scalerIdentity 'Microsoft\.ManagedIdentity\/userAssignedIdentities@/,
    );
    expect(p('scaleIdentityId')).toBe('scalerIdentity.id');
    expect(p('scaleRules')).toMatch(/identity:\s*scalerIdentity\.id/);
    // The process authenticates as the scorer's own identity, never the scaler's.
    expect(p('identityId')).toBe('identities[scorer].id');
    expect(p('identityClientId')).toBe('identities[scorer].properties.clientId');
  });

  it('holds nothing but Data Owner on the queue', () => {
    expect(ofPrincipal(SCALER).map(key)).toEqual([
      `${SCALER} | Azure Service Bus Data Owner | queue scoring`,
    ]);
  });

  it('is attached by the container app module beside the app identity', () => {
    const module = stripComments(readRepoFile('deploy/azure/modules/container-app.bicep'));
    expect(module).toMatch(
      /empty\(scaleIdentityId\) \? \{\} : \{ '\$\{scaleIdentityId\}': \{\} \}/,
    );
    expect(module).toMatch(/name: 'AZURE_CLIENT_ID', value: identityClientId/);
  });

  it('knows every role id it reads (a typo in an id fails the reader, not silently)', () => {
    expect(Object.values(ROLE_IDS).every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
  });
});

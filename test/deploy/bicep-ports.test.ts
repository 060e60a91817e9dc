// deploy/azure, offline: each container app listens where its service does from the first
// provision on (azd deploy swaps only the image), probes its ops listener explicitly, and
// exposes to the internet nothing but the public listener of ingest and the scheduler.
import { describe, expect, it } from 'vitest';
import { bracketBody, envList, moduleCalls, propertyText, stripComments } from './bicep.js';
import { OPS_PORTS, PUBLIC_PORTS, readRepoFile, SERVICES } from './files.js';

const rg = readRepoFile('deploy/azure/resources.bicep');
const app = stripComments(readRepoFile('deploy/azure/modules/container-app.bicep'));
const call = (service: string) => moduleCalls(rg).find((m) => m.symbol === `${service}App`);
const param = (service: string, name: string) => propertyText(call(service)?.params ?? '', name);
const env = (service: string, name: string) =>
  envList(rg, `${service}Env`).find((entry) => entry.name === name)?.value;

/** `var ports = { ingest: { public: 8081, ops: 9081 } … }` of resources.bicep. */
function bicepPorts(): Record<string, { public?: number; ops?: number }> {
  const text = stripComments(rg);
  const body = bracketBody(text, text.indexOf('{', text.indexOf('var ports =')));
  return Object.fromEntries(
    [...body.matchAll(/(\w+):\s*\{([^}]*)\}/g)].map(([, service = '', ports = '']) => [
      service,
      Object.fromEntries(
        [...ports.matchAll(/(public|ops):\s*(\d+)/g)].map(([, kind, port]) => [kind, Number(port)]),
      ),
    ]),
  );
}

describe('deploy/azure: listeners', () => {
  const ports = bicepPorts();

  it.each(SERVICES)('%s: the ports of the deployment are the service ports', (service) => {
    expect(ports[service]?.ops).toBe(OPS_PORTS[service]);
    expect(ports[service]?.public).toBe(PUBLIC_PORTS[service]);
  });

  it.each(SERVICES)('%s: listens on the ports the app routes to, on every interface', (service) => {
    expect(param(service, 'opsPort')).toBe(`ports.${service}.ops`);
    expect(env(service, 'FLEETSCORE_HEALTH_HOST')).toBe("'0.0.0.0'");
    expect(env(service, 'FLEETSCORE_HEALTH_PORT')).toBe(`'${OPS_PORTS[service]}'`);
    const publicPort = PUBLIC_PORTS[service];
    const apiPort = { ingest: 'FLEETSCORE_INGEST_PORT', scheduler: 'FLEETSCORE_SCHEDULER_PORT' };
    if (publicPort === undefined) {
      expect(param(service, 'publicPort')).toBeUndefined();
      expect(param(service, 'ingress')).toBe("'none'");
    } else {
      expect(param(service, 'publicPort')).toBe(`ports.${service}.public`);
      expect(env(service, apiPort[service as keyof typeof apiPort])).toBe(`'${publicPort}'`);
    }
  });

  it('opens an internet ingress for ingest and the scheduler only', () => {
    const external = SERVICES.filter((s) => param(s, 'ingress') === "'external'");
    expect(external.sort()).toEqual(['ingest', 'scheduler']);
  });
});

describe('deploy/azure: what the ingress exposes', () => {
  const ingress = bracketBody(app, app.indexOf('{', app.indexOf('ingress: ingress ==')));

  it('targets the public listener, whatever the image (no placeholder port)', () => {
    expect(ingress).toMatch(/targetPort:\s*publicPort\b/);
    expect(app).not.toMatch(/\b80\b/);
    expect(app).not.toMatch(/placeholder\s*\?/);
  });

  it('reaches the ops listener from inside the environment only', () => {
    const mappings = propertyText(ingress, 'additionalPortMappings') ?? '';
    expect(mappings).toMatch(/external:\s*false/);
    expect(mappings).toMatch(/targetPort:\s*opsPort\b/);
    expect(mappings).not.toMatch(/external:\s*true/);
    // Nothing else in the ingress names the ops port.
    expect(ingress.replace(mappings, '')).not.toMatch(/opsPort/);
  });
});

describe('deploy/azure: probes', () => {
  const probes = bracketBody(app, app.indexOf('[', app.indexOf('var probes =')));
  const probe = (type: string) => {
    const at = probes.indexOf(`type: '${type}'`);
    if (at === -1) return '';
    return bracketBody(probes, probes.lastIndexOf('{', at));
  };

  it.each([
    ['Startup', '/healthz'],
    ['Liveness', '/healthz'],
    ['Readiness', '/readyz'],
  ])('%s: GET %s on the ops listener', (type, path) => {
    expect(probe(type)).toMatch(
      new RegExp(`httpGet:\\s*\\{\\s*path:\\s*'${path}',\\s*port:\\s*opsPort\\s*\\}`),
    );
    for (const key of ['periodSeconds', 'failureThreshold', 'timeoutSeconds']) {
      expect(probe(type), `${type} ${key}`).toMatch(new RegExp(`${key}:\\s*\\d+`));
    }
  });

  it('gives every container those probes, from the first provision on', () => {
    expect(app).toMatch(/probes:\s*probes\b/);
    expect(probes).not.toMatch(/image|placeholder/);
  });
});

/**
 * The scenarios' orchestrator: kills a service with SIGKILL (`kill -9`) and restarts it once,
 * as Kubernetes or Container Apps would, and counts every exit it did not cause — a crash, or
 * a crash loop after a restart. SIGSTOP/SIGCONT freeze a process at an observed moment, so a
 * kill lands exactly there (between a blob write and a checkpoint, in the middle of a fan-out)
 * without any hook in production code.
 */
import type { Fleet, RunningService, ServiceName } from '../../../deploy/local/demo/services.js';

export interface Supervisor {
  /** The running process of a service; `replica` counts across fleets (scorer 0, scorer 1…). */
  service(name: ServiceName, replica?: number): RunningService;
  /** Every running service with its replica number. */
  all(): { service: RunningService; replica: number }[];
  freeze(service: RunningService): void;
  thaw(service: RunningService): void;
  /** SIGKILL, wait for the exit, restart once and wait until it is ready again. */
  killAndRestart(name: ServiceName, replica?: number): Promise<void>;
  /** Marks every process's coming exit as expected (before the teardown stops them). */
  retire(): void;
  /** Harness kills so far. */
  readonly kills: number;
  /** Exits the harness did not cause, e.g. `scorer#1 exited 1`. */
  unexpectedExits(): string[];
  /** Services whose `/readyz` does not answer 200 now. */
  notReady(): Promise<string[]>;
}

export function supervise(fleets: readonly Fleet[]): Supervisor {
  const expected = new WeakSet<RunningService>();
  const watched = new WeakSet<RunningService>();
  const unexpected: string[] = [];
  let kills = 0;

  const all = () => {
    const counts = new Map<ServiceName, number>();
    return fleets.flatMap((fleet) =>
      fleet.services.map((service) => {
        const replica = counts.get(service.name) ?? 0;
        counts.set(service.name, replica + 1);
        return { service, replica, fleet };
      }),
    );
  };
  // Every process, including the ones restarted later, is watched for exits nobody asked for.
  const watch = () => {
    for (const { service, replica } of all()) {
      if (watched.has(service)) continue;
      watched.add(service);
      void service.exited.then((code) => {
        if (!expected.has(service)) {
          unexpected.push(`${service.name}#${replica} exited ${code ?? service.child.signalCode}`);
        }
      });
    }
  };
  watch();

  const find = (name: ServiceName, replica = 0) => {
    const found = all().find((s) => s.service.name === name && s.replica === replica);
    if (!found) throw new Error(`no ${name}#${replica} in this system`);
    return found;
  };

  return {
    service: (name, replica) => find(name, replica).service,
    all: () => all().map(({ service, replica }) => ({ service, replica })),
    freeze: (service) => service.child.kill('SIGSTOP'),
    thaw: (service) => service.child.kill('SIGCONT'),
    async killAndRestart(name, replica = 0) {
      const { service, fleet } = find(name, replica);
      expected.add(service);
      kills += 1;
      service.child.kill('SIGKILL');
      await service.exited;
      await fleet.restart(name);
      watch();
    },
    retire() {
      for (const { service } of all()) expected.add(service);
    },
    get kills() {
      return kills;
    },
    unexpectedExits: () => [...unexpected],
    async notReady() {
      const answers = await Promise.all(
        all().map(async ({ service, replica }) => {
          const ok = await fetch(`http://127.0.0.1:${service.opsPort}/readyz`, {
            signal: AbortSignal.timeout(5_000),
          })
            .then((r) => r.status === 200)
            .catch(() => false);
          return ok ? undefined : `${service.name}#${replica}`;
        }),
      );
      return answers.filter((a) => a !== undefined);
    },
  };
}

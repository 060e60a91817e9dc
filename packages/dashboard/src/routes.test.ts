import { describe, expect, it } from 'vitest';
import { parseRoute, pathOf } from './routes.js';

describe('dashboard routes', () => {
  it('parses every client route', () => {
    expect(parseRoute('/')).toEqual({ page: 'runs' });
    expect(parseRoute('/runs')).toEqual({ page: 'runs' });
    expect(parseRoute('/runs/hourly-20261125T1000Z')).toEqual({
      page: 'run',
      id: 'hourly-20261125T1000Z',
    });
    expect(parseRoute('/entities/dev1/s2', '?from=2026-11-25T10:00:00Z')).toEqual({
      page: 'entity',
      entity: 'dev1/s2',
      from: '2026-11-25T10:00:00Z',
    });
    expect(parseRoute('/entities/dev1')).toEqual({ page: 'entity', entity: 'dev1' });
    expect(parseRoute('/dead-letters/')).toEqual({ page: 'dead-letters' });
    expect(parseRoute('/runs/a/b')).toEqual({ page: 'not-found', path: '/runs/a/b' });
  });

  it('round-trips paths', () => {
    const routes = [
      { page: 'runs' },
      { page: 'run', id: 'api-20261125T1000Z-k3x9q1' },
      {
        page: 'entity',
        entity: 'd.1/s_2',
        from: '2026-11-25T10:00:00Z',
        to: '2026-11-25T11:00:00Z',
      },
      { page: 'entity', entity: 'd1' },
      { page: 'dead-letters' },
    ] as const;
    for (const route of routes) {
      const url = new URL(pathOf(route), 'http://x');
      expect(parseRoute(url.pathname, url.search)).toEqual(route);
    }
  });
});

/** The dashboard's client routes (history API paths; the scheduler answers them with index.html). */
export type Route =
  | { page: 'runs' }
  | { page: 'run'; id: string }
  | { page: 'entity'; entity: string; from?: string; to?: string }
  | { page: 'dead-letters' }
  | { page: 'not-found'; path: string };

/** First path segments of the client routes: the scheduler's SPA fallback serves these. */
export const CLIENT_ROUTE_PREFIXES = ['runs', 'entities', 'dead-letters'] as const;

/** Parses a location's path and query into a route. Pure. */
export function parseRoute(pathname: string, search = ''): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  const [first, ...rest] = parts;
  if (first === undefined || (first === 'runs' && rest.length === 0)) return { page: 'runs' };
  if (first === 'runs' && rest.length === 1) return { page: 'run', id: rest[0]! };
  if (first === 'entities' && (rest.length === 1 || rest.length === 2)) {
    const from = query.get('from') ?? undefined;
    const to = query.get('to') ?? undefined;
    return {
      page: 'entity',
      entity: rest.join('/'),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    };
  }
  if (first === 'dead-letters' && rest.length === 0) return { page: 'dead-letters' };
  return { page: 'not-found', path: pathname };
}

/** The path of a route (the inverse of `parseRoute`). */
export function pathOf(route: Exclude<Route, { page: 'not-found' }>): string {
  switch (route.page) {
    case 'runs':
      return '/runs';
    case 'run':
      return `/runs/${encodeURIComponent(route.id)}`;
    case 'dead-letters':
      return '/dead-letters';
    case 'entity': {
      const path = `/entities/${route.entity.split('/').map(encodeURIComponent).join('/')}`;
      const query = new URLSearchParams();
      if (route.from) query.set('from', route.from);
      if (route.to) query.set('to', route.to);
      const search = query.toString();
      return search ? `${path}?${search}` : path;
    }
  }
}

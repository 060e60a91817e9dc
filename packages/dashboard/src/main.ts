import 'uplot/dist/uPlot.min.css';
import './style.css';
import { h } from './dom.js';
import { keyForm } from './key-form.js';
import { errorView, type Page, type PageContext } from './page.js';
import { deadLettersPage } from './pages/dead-letters.js';
import { entityPage } from './pages/entity.js';
import { runDetailPage } from './pages/run-detail.js';
import { runsPage } from './pages/runs.js';
import { parseRoute, type Route } from './routes.js';

function pageOf(route: Route): Page {
  switch (route.page) {
    case 'runs':
      return runsPage;
    case 'run':
      return runDetailPage(route.id);
    case 'entity':
      return entityPage(route.entity, route);
    case 'dead-letters':
      return deadLettersPage;
    case 'not-found':
      return async () => h('p', { class: 'error' }, `No page at ${route.path}.`);
  }
}

const main = h('main', {});
let cleanups: Array<() => void> = [];
let serial = 0;

/** Renders the page of the current location; a slower earlier render never overwrites a later one. */
async function render(): Promise<void> {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
  const mine = ++serial;
  const ctx: PageContext = {
    onLeave: (cleanup) => (mine === serial ? cleanups.push(cleanup) : cleanup()),
    reload: () => void render(),
  };
  main.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  main.setAttribute('aria-busy', 'true');
  const node = await pageOf(parseRoute(window.location.pathname, window.location.search))(
    ctx,
  ).catch(errorView);
  if (mine !== serial) return;
  main.replaceChildren(node);
  main.removeAttribute('aria-busy');
}

function navigate(path: string): void {
  window.history.pushState(null, '', path);
  void render();
}

// Same-origin links are client-side navigations (also the SVG links of the heat map).
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
  const link = (event.target as Element | null)?.closest('a');
  const href = link?.getAttribute('href');
  if (!href?.startsWith('/') || link?.getAttribute('target')) return;
  event.preventDefault();
  navigate(href);
});
window.addEventListener('popstate', () => void render());

const nav = h(
  'nav',
  {},
  h('a', { href: '/runs', class: 'brand' }, 'Fleetscore'),
  h('a', { href: '/runs' }, 'Runs'),
  h('a', { href: '/dead-letters' }, 'Dead letters'),
  // No link to the OpenAPI docs: they are on the scheduler's internal listener, not this origin.
);
document.getElementById('app')?.replaceChildren(
  h(
    'header',
    {},
    nav,
    keyForm(() => void render()),
  ),
  main,
);
void render();

import { ApiError } from './api.js';
import { h } from './dom.js';

/** What a page gets from the shell. */
export interface PageContext {
  /** Runs when the user leaves the page (stop timers). */
  onLeave(cleanup: () => void): void;
  /** Re-renders the current page. */
  reload(): void;
}

export type Page = (ctx: PageContext) => Promise<Node>;

/** An error as a message on the page; a problem shows its detail. */
export function errorView(error: unknown): Element {
  const text =
    error instanceof ApiError
      ? `${error.status}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  const hint = error instanceof ApiError && error.status === 401 ? ' Enter an API key above.' : '';
  return h('p', { class: 'error', role: 'alert' }, text, hint);
}

/** A state as a coloured badge. */
export const badge = (state: string) => h('span', { class: `badge state-${state}` }, state);

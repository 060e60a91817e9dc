import type { DeadLetterBody, DeadLetterPage } from '@fleetscore/shared';
import { api, seg } from '../api.js';
import { h, table } from '../dom.js';
import { formatTime } from '../format.js';
import { errorView, type Page } from '../page.js';
import { pathOf } from '../routes.js';

/** Letters per page: the API's default; "More" reads the next page. */
const PAGE_SIZE = 100;

/**
 * Dead-lettered jobs (GET /v1/dead-letters, oldest first, a page at a time) with a replay button
 * each (an authenticated POST).
 */
export const deadLettersPage: Page = async () => {
  const status = h('p', { class: 'status', role: 'status' });
  const body = h('div', {});

  async function replay(letter: DeadLetterBody, button: HTMLButtonElement) {
    if (letter.runId === undefined || letter.jobIndex === undefined) return;
    button.disabled = true;
    try {
      const path = `/v1/dead-letters/${seg(letter.runId)}/${seg(letter.jobIndex)}/replay`;
      const result = await api<{ id: string }>(path, { method: 'POST' });
      status.replaceChildren(`Replayed ${result.id}: back on the queue.`);
      status.className = 'status ok';
      await load();
    } catch (error) {
      status.replaceChildren(errorView(error));
      button.disabled = false;
    }
  }

  /** One table row per letter, with its replay button. */
  const row = (letter: DeadLetterBody) => {
    const button = h('button', { type: 'button', class: 'replay', 'data-id': letter.id }, 'Replay');
    button.addEventListener('click', () => replay(letter, button));
    return [
      letter.id,
      letter.runId
        ? h('a', { href: pathOf({ page: 'run', id: letter.runId }) }, letter.runId)
        : '—',
      letter.kind ?? '—',
      letter.entities ?? '—',
      h('span', { class: 'reason' }, letter.reason),
      letter.attempts,
      formatTime(letter.deadLetteredAt),
      letter.runId !== undefined && letter.jobIndex !== undefined ? button : '',
    ];
  };

  /** A page of PAGE_SIZE letters, oldest first; "More" fetches the next and appends it. */
  async function load() {
    const first = await api<DeadLetterPage>('/v1/dead-letters', {
      query: { limit: String(PAGE_SIZE) },
    });
    if (first.items.length === 0 && first.continuation === undefined) {
      body.replaceChildren(h('p', { class: 'muted empty' }, 'No dead letters.'));
      return;
    }
    const list = table(
      ['Job', 'Run', 'Kind', 'Entities', 'Reason', 'Attempts', 'Dead-lettered', ''],
      first.items.map(row),
      { class: 'dead-letters' },
    );
    const rows = list.tBodies[0]!;
    const more = h('button', { type: 'button', class: 'more' }, 'More');
    let continuation = first.continuation;
    more.addEventListener('click', async () => {
      more.disabled = true;
      try {
        const page = await api<DeadLetterPage>('/v1/dead-letters', {
          query: { limit: String(PAGE_SIZE), continuation },
        });
        for (const cells of page.items.map(row)) {
          rows.append(h('tr', {}, ...cells.map((cell) => h('td', {}, cell))));
        }
        continuation = page.continuation;
        if (continuation === undefined) more.remove();
      } catch (error) {
        status.replaceChildren(errorView(error));
      } finally {
        more.disabled = false;
      }
    });
    body.replaceChildren(list, ...(continuation === undefined ? [] : [more]));
  }

  try {
    await load();
  } catch (error) {
    body.replaceChildren(errorView(error));
  }
  return h('section', {}, h('h1', {}, 'Dead letters'), status, body);
};

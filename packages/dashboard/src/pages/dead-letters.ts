import { api, seg } from '../api.js';
import { h, table } from '../dom.js';
import { formatTime } from '../format.js';
import { errorView, type Page } from '../page.js';
import { pathOf } from '../routes.js';
import type { Page as ApiPage, DeadLetter } from '../types.js';

/** Dead-lettered jobs (GET /v1/dead-letters) with a replay button each (an authenticated POST). */
export const deadLettersPage: Page = async () => {
  const status = h('p', { class: 'status', role: 'status' });
  const body = h('div', {});

  async function replay(letter: DeadLetter, button: HTMLButtonElement) {
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

  async function load() {
    const page = await api<ApiPage<DeadLetter>>('/v1/dead-letters', { query: { limit: '100' } });
    if (page.items.length === 0) {
      body.replaceChildren(h('p', { class: 'muted empty' }, 'No dead letters.'));
      return;
    }
    body.replaceChildren(
      table(
        ['Job', 'Run', 'Kind', 'Entities', 'Reason', 'Attempts', 'Dead-lettered', ''],
        page.items.map((letter) => {
          const button = h(
            'button',
            { type: 'button', class: 'replay', 'data-id': letter.id },
            'Replay',
          );
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
        }),
        { class: 'dead-letters' },
      ),
    );
  }

  try {
    await load();
  } catch (error) {
    body.replaceChildren(errorView(error));
  }
  return h('section', {}, h('h1', {}, 'Dead letters'), status, body);
};

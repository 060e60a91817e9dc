import { apiKey, UNAUTHORIZED_EVENT } from './api.js';
import { h } from './dom.js';

/**
 * The API key box in the header. The key is kept in sessionStorage and sent as `x-api-key`;
 * a 401 from any call opens the box again. An API running open (loopback, no keys) needs none.
 */
export function keyForm(onChange: () => void): Element {
  const box = h('div', { class: 'key' });
  const render = (message = '') => {
    if (apiKey.get() && !message) {
      const forget = h('button', { type: 'button', class: 'link' }, 'forget');
      forget.addEventListener('click', () => {
        apiKey.clear();
        render();
        onChange();
      });
      box.replaceChildren(h('span', { class: 'key-set' }, 'API key set · '), forget);
      return;
    }
    const input = h('input', {
      type: 'password',
      name: 'api-key',
      placeholder: 'API key',
      autocomplete: 'off',
      'aria-label': 'API key',
    });
    const form = h('form', {}, input, h('button', { type: 'submit' }, 'Use key'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!input.value) return;
      apiKey.set(input.value);
      render();
      onChange();
    });
    box.replaceChildren(message ? h('span', { class: 'key-needed' }, message) : '', form);
  };
  window.addEventListener(UNAUTHORIZED_EVENT, () => {
    if (!box.querySelector('.key-needed')) render('The API needs a valid key:');
  });
  render();
  return box;
}

// Toasts in the aria-live region of index.html: errors are announced at once. They stay while hovered or focused.
import { h } from './dom.js';

const DISMISS_AFTER_MS = { error: 8000, info: 4000 };

/** Shows text; kind is 'error' (default) or 'info'. */
export function toast(text, kind = 'error') {
  const region = document.getElementById('toasts');
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-text' }, text),
    h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss notification', onclick: () => item.remove() }, '×'));
  region.append(item);
  const after = DISMISS_AFTER_MS[kind] ?? DISMISS_AFTER_MS.error;
  let timer = setTimeout(() => item.remove(), after);
  // Keep it while the pointer or focus is on it.
  item.addEventListener('mouseenter', () => clearTimeout(timer));
  item.addEventListener('focusin', () => clearTimeout(timer));
  item.addEventListener('mouseleave', () => { timer = setTimeout(() => item.remove(), after); });
}

// Small DOM helpers. User-provided text only ever goes through textContent or attributes, never innerHTML.

/** Creates an element: h('button', { class: 'x', onclick: fn, 'aria-label': 'y' }, 'text', child). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of element. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** The avatar of a profile: the image when the API gave a URL, otherwise initials (which is also what a hidden avatar looks like). */
export function avatar(profile, size = 'md') {
  if (profile?.avatarUrl && /^https?:\/\//i.test(profile.avatarUrl)) {
    return h('img', { class: `avatar avatar-${size}`, src: profile.avatarUrl, alt: '', referrerpolicy: 'no-referrer', loading: 'lazy' });
  }
  const name = profile?.displayName || profile?.username || '?';
  const initials = name.split(/\s+/).filter(Boolean).slice(0, 2).map(part => [...part][0].toUpperCase()).join('');
  return h('span', { class: `avatar avatar-${size} avatar-initials`, 'aria-hidden': 'true' }, initials || '?');
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** A <time> element for an ISO timestamp: time of day when today, date and time otherwise. */
export function timeElement(iso) {
  const date = new Date(iso);
  const today = new Date().toDateString() === date.toDateString();
  return h('time', { datetime: iso, title: dateTimeFormat.format(date) }, today ? timeFormat.format(date) : dateTimeFormat.format(date));
}

/** "last seen 5 minutes ago", or null when the API gave no last-seen time (never seen, or hidden from the viewer). */
export function lastSeenText(iso) {
  if (!iso) return null;
  const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [7, 'day'], [Infinity, 'week']];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return `last seen ${relative.format(Math.round(value), unit)}`;
    value /= size;
  }
  return null;
}

/** The name to show for a profile. */
export function displayName(profile) {
  return profile?.displayName || profile?.username || 'Unknown user';
}

/** Moves focus to element when it exists. */
export function focus(element) {
  if (element) element.focus({ preventScroll: false });
}

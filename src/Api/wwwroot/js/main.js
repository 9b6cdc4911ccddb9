// Boot, routing (#/, #/c/{id}, #/u/{id}, #/settings) and the wiring of live events into the store.
import { api } from './api.js';
import { displayName, h, replace } from './dom.js';
import { liveEvents } from './events.js';
import { session } from './session.js';
import { store } from './store.js';
import { toast } from './toast.js';
import { renderAuth } from './views/auth.js';
import { ChatView } from './views/chat.js';
import { newChatDialog } from './views/dialogs.js';
import { ProfileView } from './views/profile.js';
import { SettingsView } from './views/settings.js';
import { Sidebar } from './views/sidebar.js';

const main = document.getElementById('main');
const accountNav = document.getElementById('account-nav');
const connection = document.getElementById('connection');
let sidebar = null;
let view = null;
let running = false;

const UUID = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';
const routes = [
  [new RegExp(`^#/c/${UUID}$`), id => new ChatView(main, id)],
  [new RegExp(`^#/u/${UUID}$`), id => new ProfileView(main, id)],
  [/^#\/settings$/, () => new SettingsView(main)],
];

function route() {
  if (!running) return;
  view?.unmount();
  const hash = location.hash || '#/';
  for (const [pattern, create] of routes) {
    const match = pattern.exec(hash);
    if (match) {
      view = create(match[1]);
      return;
    }
  }
  view = null;
  replace(main, h('section', { class: 'placeholder' },
    h('h1', {}, 'No conversation open'),
    h('p', {}, 'Pick a conversation on the left, or start a new one.'),
    h('button', { type: 'button', class: 'primary', onclick: newChatDialog }, 'New chat')));
}

async function start() {
  running = true;
  store.reset();
  store.me = session.user;
  accountNav.hidden = false;
  document.getElementById('me-name').textContent = `${displayName(store.me)} (@${store.me.username})`;
  sidebar = new Sidebar(document.getElementById('sidebar'));
  // Connect first, then read: whatever is stored after the stream is ready arrives on it.
  liveEvents.start();
  try {
    await store.refreshConversations();
  } catch (error) {
    toast(error.title);
  }
  route();
}

function stop() {
  running = false;
  liveEvents.stop();
  view?.unmount();
  view = null;
  sidebar?.destroy();
  sidebar = null;
  store.reset();
  accountNav.hidden = true;
  connection.hidden = true;
  renderAuth(main);
}

liveEvents.addEventListener('message.created', event => store.addMessage(event.detail));
liveEvents.addEventListener('block.created', event => {
  const { userId, conversationId } = event.detail;
  if (!store.conversations.has(conversationId)) store.refreshConversations().catch(() => {});
  store.setBlocked(userId, true);
});
liveEvents.addEventListener('block.deleted', event => store.setBlocked(event.detail.userId, false));
// A timed block ended (the server expires it, SPEC section 10), and an import replaced the list: read it again.
liveEvents.addEventListener('block.expired', event => store.setBlocked(event.detail.userId, false));
liveEvents.addEventListener('blocks.replaced', () => store.refreshConversations().catch(() => {}));
liveEvents.addEventListener('ready', event => {
  // Block changes are not replayed: read the list again after every (re)connection.
  store.refreshConversations().catch(() => {});
  if (!event.detail.resumed) store.emit('resync');
});
liveEvents.addEventListener('resync', () => {
  store.refreshConversations().catch(() => {});
  store.emit('resync');
});
liveEvents.addEventListener('status', event => {
  const text = { connecting: 'Connecting…', offline: 'Offline, retrying…' }[event.detail];
  connection.hidden = !text;
  connection.textContent = text ?? '';
});

session.addEventListener('change', () => {
  if (session.active && !running) start();
  else if (!session.active && running) stop();
  else if (session.active && store.me?.id !== session.user.id) location.reload();
});
document.getElementById('sign-out').addEventListener('click', () => session.end());
window.addEventListener('hashchange', route);

if (session.active) {
  start();
  api.me().then(me => { store.me = me; }).catch(() => {});
} else {
  stop();
}

// Settings: the users I block (with when each block ends and my note, where the server gives them), Unblock for each and
// Unblock all; Export and import of the list (block-transfer.js).
import { unblockUser } from '../actions.js';
import { api } from '../api.js';
import { avatar, displayName, h, replace } from '../dom.js';
import { store } from '../store.js';
import { toast } from '../toast.js';
import { blockTransferSection } from './block-transfer.js';
import { confirmDialog } from './dialogs.js';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const untilFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export class SettingsView {
  #abort = new AbortController();
  /** Bumped by each load, so that of two loads in flight the later one's answer is the one shown. */
  #loads = 0;

  constructor(main) {
    this.main = main;
    this.items = [];
    this.nextCursor = null;
    this.list = h('div', { class: 'blocked-users', 'aria-live': 'polite' });
    replace(main, h('section', { class: 'settings', 'aria-labelledby': 'settings-title' },
      h('h1', { id: 'settings-title' }, 'Settings'),
      h('section', { class: 'settings-section', 'aria-labelledby': 'blocked-title' },
        h('h2', { id: 'blocked-title' }, 'Blocked users'),
        h('p', { class: 'hint' }, 'You and a blocked user cannot message each other in your direct chat. Blocked users are not told.'),
        this.list),
      // After an import here: read the list again (the blocks.replaced event does so too, in every tab).
      blockTransferSection(() => {
        this.#load();
        store.refreshConversations().catch(() => {});
      }),
      h('section', { class: 'settings-section', 'aria-labelledby': 'account-title' },
        h('h2', { id: 'account-title' }, 'Account'),
        h('p', {}, `Signed in as @${store.me.username}.`))));
    // Another tab blocked or unblocked someone: show the same list here.
    store.addEventListener('blocks', event => {
      if (event.detail && !event.detail.blocked) this.#remove(event.detail.userId); else this.#load();
    }, { signal: this.#abort.signal });
    this.#load();
  }

  unmount() {
    this.#abort.abort();
  }

  async #load(more = false) {
    const load = ++this.#loads;
    try {
      const page = await api.blocks(more ? this.nextCursor : null);
      if (this.#abort.signal.aborted || load !== this.#loads) return;
      this.items = more ? [...this.items, ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
      this.#render();
    } catch (error) {
      toast(error.title);
    }
  }

  #remove(userId) {
    this.items = this.items.filter(item => item.user.id !== userId);
    this.#render();
  }

  #render() {
    if (this.items.length === 0) {
      replace(this.list, h('p', { class: 'empty' }, 'You have not blocked anyone.'));
      return;
    }
    replace(this.list,
      h('ul', { class: 'blocked-list', 'aria-labelledby': 'blocked-title' }, this.items.map(item =>
        h('li', { class: 'blocked-item', dataset: { userId: item.user.id } },
          avatar(item.user, 'sm'),
          h('div', { class: 'blocked-name' },
            h('a', { href: `#/u/${item.user.id}` }, displayName(item.user)),
            h('span', { class: 'username' }, ` @${item.user.username}`),
            h('span', { class: 'blocked-since' }, ` · blocked ${dateFormat.format(new Date(item.createdAt))}`),
            until(item),
            item.note ? h('p', { class: 'blocked-note' }, h('span', { class: 'visually-hidden' }, 'Your note: '), item.note) : null),
          h('button', {
            type: 'button', class: 'secondary unblock', 'aria-label': `Unblock ${item.user.username}`,
            onclick: async () => { if (await unblockUser(item.user)) this.#remove(item.user.id); },
          }, 'Unblock')))),
      this.nextCursor ? h('button', { type: 'button', class: 'link-button', onclick: () => this.#load(true) }, 'Show more') : null,
      h('button', { type: 'button', class: 'danger unblock-all', onclick: () => this.#unblockAll() }, 'Unblock all'));
  }

  async #unblockAll() {
    const confirmed = await confirmDialog({
      title: 'Unblock everyone?',
      body: 'Everyone you blocked will be able to message you again, and you them.',
      confirmText: 'Unblock all',
      danger: true,
    });
    if (!confirmed) return;
    try {
      const { unblocked } = await api.unblockAll();
      for (const { user } of this.items) store.setBlocked(user.id, false);
      this.items = [];
      this.nextCursor = null;
      this.#render();
      toast(`Unblocked ${unblocked} ${unblocked === 1 ? 'user' : 'users'}.`, 'info');
    } catch (error) {
      toast(error.title);
    }
  }
}

/**
 * When the block ends, as the list gives it (SPEC section 10): " · until 3 Dec 2026, 14:00" for a timed block, " · until you
 * unblock" for a permanent one (expiresAt null), nothing from a server that does not report expiry.
 */
function until(item) {
  if (!('expiresAt' in item)) return null;
  const text = item.expiresAt ? `until ${untilFormat.format(new Date(item.expiresAt))}` : 'until you unblock';
  return h('span', { class: 'blocked-until' },
    ' · ', item.expiresAt ? h('time', { datetime: item.expiresAt }, text) : text);
}

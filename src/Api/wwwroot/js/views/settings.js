// Settings: the users I block, with Unblock for each and Unblock all.
import { unblockUser } from '../actions.js';
import { api } from '../api.js';
import { avatar, displayName, h, replace } from '../dom.js';
import { store } from '../store.js';
import { toast } from '../toast.js';
import { confirmDialog } from './dialogs.js';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export class SettingsView {
  #abort = new AbortController();

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
    try {
      const page = await api.blocks(more ? this.nextCursor : null);
      if (this.#abort.signal.aborted) return;
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
      h('ul', { class: 'blocked-list', 'aria-labelledby': 'blocked-title' }, this.items.map(({ user, createdAt }) =>
        h('li', { class: 'blocked-item', dataset: { userId: user.id } },
          avatar(user, 'sm'),
          h('span', { class: 'blocked-name' },
            h('a', { href: `#/u/${user.id}` }, displayName(user)),
            h('span', { class: 'username' }, ` @${user.username}`),
            h('span', { class: 'blocked-since' }, ` · blocked ${dateFormat.format(new Date(createdAt))}`)),
          h('button', {
            type: 'button', class: 'secondary unblock', 'aria-label': `Unblock ${user.username}`,
            onclick: async () => { if (await unblockUser(user)) this.#remove(user.id); },
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

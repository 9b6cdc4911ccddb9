// A user's profile page (#/u/{id}): what the API shows of them, Send message, Block / Unblock.
import { blockUser, unblockUser } from '../actions.js';
import { api } from '../api.js';
import { avatar, displayName, h, lastSeenText, replace } from '../dom.js';
import { store } from '../store.js';
import { toast } from '../toast.js';

export class ProfileView {
  #abort = new AbortController();

  constructor(main, userId) {
    this.main = main;
    this.userId = userId;
    this.user = null;
    store.addEventListener('blocks', event => {
      if (this.user && (!event.detail || event.detail.userId === this.userId)) this.#render();
    }, { signal: this.#abort.signal });
    this.#load();
  }

  unmount() {
    this.#abort.abort();
  }

  async #load() {
    replace(this.main, h('p', { class: 'loading', role: 'status' }, 'Loading profile…'));
    try {
      const [user, relationship] = await Promise.all([
        api.user(this.userId),
        this.userId === store.me.id ? Promise.resolve(null) : api.relationship(this.userId),
      ]);
      if (this.#abort.signal.aborted) return;
      this.user = user;
      // Only blockedByMe is used: whether they block me is not shown here (SPEC section 6: they are not to be told, and
      // neither is anyone shown more than a refused send already says).
      if (relationship) store.setBlocked(user.id, relationship.blockedByMe);
      this.#render();
    } catch (error) {
      replace(this.main, h('section', { class: 'placeholder' }, h('h1', {}, 'Profile not available'), h('p', {}, error.title)));
    }
  }

  #render() {
    const user = this.user;
    const me = user.id === store.me.id;
    const blocked = store.blocked.has(user.id);
    const lastSeen = lastSeenText(user.lastSeenAt);
    const hadFocus = this.main.contains(document.activeElement) ? document.activeElement.className : null;
    replace(this.main, h('section', { class: 'profile', 'aria-labelledby': 'profile-title' },
      avatar(user, 'xl'),
      h('h1', { id: 'profile-title' }, displayName(user)),
      h('p', { class: 'username' }, `@${user.username}`),
      lastSeen ? h('p', { class: 'last-seen' }, lastSeen) : null,
      me
        ? h('p', {}, 'This is you. ', h('a', { href: '#/settings' }, 'Settings'))
        : h('div', { class: 'profile-actions' },
          h('button', { type: 'button', class: 'primary profile-message', onclick: () => this.#message() }, 'Send message'),
          blocked
            ? h('button', { type: 'button', class: 'secondary profile-unblock', onclick: () => unblockUser(user) }, 'Unblock')
            : h('button', { type: 'button', class: 'danger profile-block', onclick: () => blockUser(user) }, 'Block'))));
    if (hadFocus) this.main.querySelector('.profile-actions button:last-child')?.focus();
  }

  async #message() {
    try {
      const conversation = await api.openDirect(this.userId);
      store.upsertConversation(conversation);
      location.hash = `#/c/${conversation.id}`;
    } catch (error) {
      toast(error.title);
    }
  }
}

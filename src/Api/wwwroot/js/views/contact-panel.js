// The contact info panel of a direct chat: what the API shows of the other user, and Block / Unblock.
import { blockUser, unblockUser } from '../actions.js';
import { api } from '../api.js';
import { avatar, displayName, h, lastSeenText, replace } from '../dom.js';
import { store } from '../store.js';

export class ContactPanel {
  constructor(user) {
    this.user = user;
    this.element = h('aside', { id: 'contact-panel', class: 'contact-panel', 'aria-labelledby': 'contact-panel-title', hidden: true });
  }

  get open() {
    return !this.element.hidden;
  }

  async show() {
    this.element.hidden = false;
    this.render();
    try {
      // Fresh from the API: it leaves out the avatar and last-seen time of a user who blocks the viewer.
      this.user = await api.user(this.user.id);
      this.render();
    } catch {
      // Keep what the conversation gave.
    }
  }

  hide() {
    this.element.hidden = true;
  }

  render() {
    if (this.element.hidden) return;
    const user = this.user;
    const blocked = store.blocked.has(user.id);
    const lastSeen = lastSeenText(user.lastSeenAt);
    replace(this.element,
      h('h2', { id: 'contact-panel-title' }, 'Contact info'),
      avatar(user, 'lg'),
      h('p', { class: 'contact-name' }, displayName(user)),
      h('p', { class: 'username' }, `@${user.username}`),
      lastSeen ? h('p', { class: 'last-seen' }, lastSeen) : null,
      h('div', { class: 'contact-actions' },
        blocked
          ? h('button', { type: 'button', class: 'secondary contact-unblock', onclick: () => unblockUser(user) },
            `Unblock ${displayName(user)}`)
          : h('button', { type: 'button', class: 'danger contact-block', onclick: () => blockUser(user) }, `Block ${displayName(user)}`),
        h('a', { class: 'button-link', href: `#/u/${user.id}` }, 'View profile')));
  }
}

// The conversation list. Direct conversations have a menu with Block / Unblock and the profile; groups one with Add members
// and Leave group.
import { blockUser, leaveGroup, unblockUser } from '../actions.js';
import { avatar, h, replace } from '../dom.js';
import { menuButton } from '../menu.js';
import { store } from '../store.js';
import { addMembersDialog, newChatDialog, newGroupDialog } from './dialogs.js';

export class Sidebar {
  #abort = new AbortController();

  constructor(container) {
    this.container = container;
    container.hidden = false;
    const signal = this.#abort.signal;
    for (const type of ['conversations', 'blocks', 'message']) store.addEventListener(type, () => this.render(), { signal });
    window.addEventListener('hashchange', () => this.render(), { signal });
    this.render();
  }

  destroy() {
    this.#abort.abort();
    this.container.replaceChildren();
    this.container.hidden = true;
  }

  render() {
    // Keep keyboard focus on the same control across re-renders.
    const focusKey = this.container.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    const items = store.order.map(id => store.conversations.get(id)).filter(Boolean).map(c => this.#item(c));
    replace(this.container,
      h('div', { class: 'sidebar-actions' },
        h('button', { type: 'button', class: 'primary', id: 'new-chat', dataset: { focusKey: 'new-chat' }, onclick: newChatDialog },
          'New chat'),
        h('button', { type: 'button', class: 'secondary', id: 'new-group', dataset: { focusKey: 'new-group' }, onclick: newGroupDialog },
          'New group')),
      h('h2', { class: 'visually-hidden', id: 'conversations-heading' }, 'Conversations'),
      items.length === 0
        ? h('p', { class: 'empty' }, 'No conversations yet. Start one with New chat.')
        : h('ul', { class: 'conversation-list', 'aria-labelledby': 'conversations-heading' }, items));
    if (focusKey) this.container.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  #item(conversation) {
    const other = store.other(conversation);
    const title = store.title(conversation);
    const active = location.hash === `#/c/${conversation.id}`;
    const unread = store.unread.has(conversation.id);
    const blocked = other !== null && store.blocked.has(other.id);
    const link = h('a', {
      href: `#/c/${conversation.id}`, class: 'conversation-link', 'aria-current': active ? 'page' : null,
      dataset: { focusKey: `open-${conversation.id}` },
    },
    conversation.kind === 'group' ? h('span', { class: 'avatar avatar-md avatar-group', 'aria-hidden': 'true' }, '#') : avatar(other),
    h('span', { class: 'conversation-text' },
      h('span', { class: 'conversation-title' }, title),
      h('span', { class: 'conversation-sub' },
        conversation.kind === 'group' ? `${conversation.participants.length} members` : `@${other?.username ?? ''}`)),
    blocked ? h('span', { class: 'badge badge-blocked' }, 'Blocked') : null,
    unread ? h('span', { class: 'badge badge-unread' }, h('span', { class: 'visually-hidden' }, 'unread messages'), '●') : null);

    const menu = menuButton({
      label: `More actions for ${title}`,
      items: other === null
        ? [
          { text: 'Add members', className: 'menu-add-members', onSelect: () => addMembersDialog(conversation) },
          { text: 'Leave group', className: 'menu-leave danger-text', onSelect: () => leaveGroup(conversation) },
        ]
        : [
          blocked
            ? { text: 'Unblock', className: 'menu-unblock', onSelect: () => unblockUser(other) }
            : { text: 'Block', className: 'menu-block danger-text', onSelect: () => blockUser(other) },
          { text: 'View profile', className: 'menu-profile', onSelect: () => { location.hash = `#/u/${other.id}`; } },
        ],
    });
    menu.querySelector('.menu-button').setAttribute('data-focus-key', `menu-${conversation.id}`);
    return h('li', {
      class: `conversation-item${active ? ' active' : ''}${unread ? ' unread' : ''}${blocked ? ' blocked' : ''}`,
      dataset: { conversationId: conversation.id, kind: conversation.kind },
    }, link, menu);
  }
}

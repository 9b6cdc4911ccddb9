// A conversation: header, history with live messages, and the composer, or the blocked banner when I block the other side.
import { blockUser, leaveGroup, unblockUser } from '../actions.js';
import { api } from '../api.js';
import { avatar, displayName, focus, h, lastSeenText, replace, timeElement } from '../dom.js';
import { menuButton } from '../menu.js';
import { store } from '../store.js';
import { toast } from '../toast.js';
import { ContactPanel } from './contact-panel.js';
import { addMembersDialog } from './dialogs.js';

export class ChatView {
  #abort = new AbortController();
  /** Ids of collapsed messages (from someone I block) that I chose to show. */
  #shown = new Set();

  constructor(main, conversationId) {
    this.main = main;
    this.id = conversationId;
    this.conversation = null;
    this.panel = null;
    store.activeConversationId = conversationId;
    store.unread.delete(conversationId);
    const signal = this.#abort.signal;
    store.addEventListener('message', event => this.#onMessage(event.detail), { signal });
    store.addEventListener('blocks', event => this.#onBlocks(event.detail), { signal });
    store.addEventListener('resync', () => this.#reload(), { signal });
    store.addEventListener('conversations', () => this.#onConversations(), { signal });
    this.#load();
  }

  unmount() {
    this.#abort.abort();
    if (store.activeConversationId === this.id) store.activeConversationId = null;
  }

  get #other() {
    return store.other(this.conversation);
  }

  async #load() {
    replace(this.main, h('p', { class: 'loading', role: 'status' }, 'Loading conversation…'));
    try {
      this.conversation = store.conversations.get(this.id) ?? await api.conversation(this.id);
    } catch (error) {
      replace(this.main, h('section', { class: 'placeholder' }, h('h1', {}, 'Conversation not available'), h('p', {}, error.title)));
      return;
    }
    if (this.#abort.signal.aborted) return;
    this.#render();
    await this.#reload();
  }

  async #reload() {
    if (!this.log) return;
    this.log.setAttribute('aria-busy', 'true');
    try {
      await store.loadHistory(this.id);
      if (!this.#abort.signal.aborted) this.#renderMessages(true);
    } catch (error) {
      toast(error.title);
    } finally {
      this.log.removeAttribute('aria-busy');
    }
  }

  #render() {
    const other = this.#other;
    this.header = h('header', { class: 'chat-header' });
    this.older = h('div', { class: 'older' });
    // The log region scrolls; the messages inside it stay a list (an <ol> with role=log would leave its <li>s outside a list).
    this.list = h('ol', { class: 'messages' });
    this.log = h('div', { class: 'messages-log', role: 'log', 'aria-labelledby': 'chat-title', tabindex: '0' }, this.list);
    this.composer = h('div', { class: 'composer-area' });
    this.panel = other ? new ContactPanel(other) : null;
    replace(this.main, h('section', { class: 'chat', 'aria-labelledby': 'chat-title', dataset: { conversationId: this.id } },
      h('div', { class: 'chat-column' }, this.header, this.older, this.log, this.composer),
      this.panel?.element));
    this.#renderHeader();
    this.#renderComposer();
  }

  #renderHeader() {
    const other = this.#other;
    if (!other) {
      const names = this.conversation.participants.map(displayName).join(', ');
      replace(this.header, h('span', { class: 'avatar avatar-md avatar-group', 'aria-hidden': 'true' }, '#'),
        h('div', { class: 'chat-heading' }, h('h1', { id: 'chat-title' }, this.conversation.title), h('p', { class: 'chat-sub' }, names)),
        h('div', { class: 'chat-actions' },
          h('button', {
            type: 'button', class: 'secondary add-members', dataset: { focusKey: 'add-members' },
            onclick: () => addMembersDialog(this.conversation),
          }, 'Add members'),
          h('button', {
            type: 'button', class: 'secondary leave-group', dataset: { focusKey: 'leave-group' },
            onclick: () => leaveGroup(this.conversation),
          }, 'Leave group')));
      return;
    }
    const lastSeen = lastSeenText(other.lastSeenAt);
    const toggle = h('button', {
      type: 'button', class: 'secondary contact-toggle', 'aria-controls': 'contact-panel', 'aria-expanded': String(this.panel.open),
      onclick: () => {
        if (this.panel.open) this.panel.hide(); else this.panel.show();
        toggle.setAttribute('aria-expanded', String(this.panel.open));
      },
    }, 'Contact info');
    replace(this.header, avatar(other),
      h('div', { class: 'chat-heading' },
        h('h1', { id: 'chat-title' }, displayName(other)),
        h('p', { class: 'chat-sub' }, `@${other.username}`, lastSeen ? ` · ${lastSeen}` : '')),
      toggle);
  }

  #renderComposer() {
    const other = this.#other;
    if (other && store.blocked.has(other.id)) {
      const unblock = h('button', { type: 'button', class: 'primary unblock-to-chat', onclick: async () => {
        unblock.disabled = true;
        if (await unblockUser(other)) focus(this.main.querySelector('#composer-input'));
        unblock.disabled = false;
      } }, 'Unblock to chat');
      replace(this.composer, h('div', { class: 'blocked-banner', role: 'region', 'aria-label': 'Blocked contact' },
        h('p', {}, 'You blocked this contact.'), unblock));
      return;
    }
    const input = h('textarea', {
      id: 'composer-input', class: 'composer-input', rows: '2', maxlength: '4000', required: true, placeholder: 'Write a message…',
      'aria-describedby': 'composer-hint',
    });
    const send = h('button', { type: 'submit', class: 'primary send' }, 'Send');
    const form = h('form', { class: 'composer', 'aria-label': 'Send a message' },
      h('label', { for: 'composer-input', class: 'visually-hidden' }, 'Message'), input, send,
      h('p', { id: 'composer-hint', class: 'visually-hidden' }, 'Enter sends, Shift+Enter starts a new line.'));
    input.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const content = input.value;
      if (!content.trim()) return;
      send.disabled = true;
      try {
        store.addMessage(await api.send(this.id, content));
        input.value = '';
      } catch (error) {
        // The server's words (the problem title): refusals of the send gate are 403s with their own title.
        toast(error.title);
        if (error.code === 'message.recipient_blocked' && other) store.setBlocked(other.id, true);
      } finally {
        send.disabled = false;
        if (input.isConnected) input.focus();
      }
    });
    replace(this.composer, form);
  }

  #renderMessages(scroll) {
    const entry = store.history(this.id);
    const nearBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
    replace(this.list, entry.items.length === 0 ? h('li', { class: 'empty' }, 'No messages yet.') : entry.items.map(m => this.#message(m)));
    replace(this.older, entry.nextCursor
      ? h('button', { type: 'button', class: 'link-button load-older', onclick: () => this.#loadOlder() }, 'Load older messages')
      : null);
    if (scroll || nearBottom) this.log.scrollTop = this.log.scrollHeight;
  }

  async #loadOlder() {
    try {
      await store.loadHistory(this.id, { older: true });
      this.#renderMessages(false);
    } catch (error) {
      toast(error.title);
    }
  }

  #message(message) {
    const mine = message.senderId === store.me.id;
    const sender = this.conversation.participants.find(p => p.id === message.senderId);
    const showSender = !mine && this.conversation.kind === 'group';
    if (showSender && store.senderBlocked(message) && !this.#shown.has(message.id)) return this.#collapsed(message);
    const url = message.messageType !== 'text' && /^https?:\/\//i.test(message.content) ? message.content : null;
    const bubble = h('div', { class: 'bubble' },
      h('span', { class: 'visually-hidden' }, mine ? 'You: ' : `${displayName(sender)}: `),
      url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, `${message.messageType}: ${url}`) : message.content);
    return h('li', { class: `message ${mine ? 'mine' : 'theirs'}`, dataset: { messageId: message.id } },
      showSender ? h('span', { class: 'sender' }, displayName(sender)) : null,
      mine || !sender ? bubble : h('div', { class: 'message-row' }, bubble, this.#messageMenu(message, sender)),
      timeElement(message.createdAt));
  }

  /** A message's menu (messages of others): Report and block, with this message going with the report (SPEC section 10). */
  #messageMenu(message, sender) {
    const menu = menuButton({
      label: `Actions for the message from ${displayName(sender)}`,
      className: 'message-menu',
      items: [{ text: 'Report and block', className: 'menu-report', onSelect: () => blockUser(sender, { message }) }],
    });
    menu.dataset.senderId = sender.id;
    // Someone I block already: nothing to report and block from here (Settings and the contact panel unblock).
    menu.hidden = store.blocked.has(sender.id);
    return menu;
  }

  /** A group message from someone I block, folded away until Show (SPEC section 10). */
  #collapsed(message) {
    const show = h('button', { type: 'button', class: 'link-button show-message', onclick: () => {
      this.#shown.add(message.id);
      const expanded = this.#message(message);
      item.replaceWith(expanded);
      expanded.setAttribute('tabindex', '-1');
      focus(expanded);
    } }, 'Show');
    const item = h('li', { class: 'message theirs collapsed', dataset: { messageId: message.id } },
      h('div', { class: 'bubble collapsed-bubble' }, h('span', { class: 'collapsed-text' }, 'Message from someone you blocked'), ' ', show),
      timeElement(message.createdAt));
    return item;
  }

  #onMessage(message) {
    if (message.conversationId !== this.id || !this.log) return;
    store.unread.delete(this.id);
    const items = store.history(this.id).items;
    const mine = message.senderId === store.me.id;
    if (items.at(-1)?.id === message.id && items.length > 1 && !this.log.querySelector(`[data-message-id="${message.id}"]`)) {
      // Append only the new one, so that the log announces just that message.
      const nearBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
      this.list.append(this.#message(message));
      if (mine || nearBottom) this.log.scrollTop = this.log.scrollHeight;
    } else if (!this.log.querySelector(`[data-message-id="${message.id}"]`)) {
      this.#renderMessages(mine);
    }
  }

  /** The list changed: a group I show gained members (here or in another view) gets its new header. */
  #onConversations() {
    const latest = store.conversations.get(this.id);
    if (!latest || latest === this.conversation || latest.kind !== 'group' || !this.header) return;
    const focusKey = this.header.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    this.conversation = latest;
    this.#renderHeader();
    if (focusKey) this.header.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  #onBlocks(detail) {
    for (const menu of this.list?.querySelectorAll('.message-menu') ?? []) {
      menu.hidden = store.blocked.has(menu.dataset.senderId);
      // Focus was on the menu just hidden (Report and block gives it back there): keep it in the message log.
      if (menu.hidden && menu.contains(document.activeElement)) focus(this.log);
    }
    if (this.conversation?.kind === 'group' && this.log) {
      this.#renderMessages(false);
      return;
    }
    const other = this.#other;
    if (!other || !this.composer || (detail && detail.userId !== other.id)) return;
    const hadFocus = this.composer.contains(document.activeElement);
    this.#renderComposer();
    this.panel?.render();
    if (hadFocus) focus(this.composer.querySelector('button, textarea'));
  }
}

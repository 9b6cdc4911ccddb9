// Client state shared by the views: conversations, whom I block, message histories. Views listen for its events:
// 'conversations' (list or order changed), 'blocks' (detail: { userId, blocked } or null after a reload), 'message' (detail: message).
import { api } from './api.js';
import { displayName } from './dom.js';

const MAX_CONVERSATION_PAGES = 10;

class Store extends EventTarget {
  me = null;
  conversations = new Map();
  order = [];
  /** Ids of the users I block. Every block has a direct conversation (the API creates it), so the list reveals them all. */
  blocked = new Set();
  unread = new Set();
  histories = new Map();
  activeConversationId = null;

  emit(type, detail = null) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  reset() {
    this.me = null;
    this.conversations = new Map();
    this.order = [];
    this.blocked = new Set();
    this.unread = new Set();
    this.histories = new Map();
    this.activeConversationId = null;
  }

  other(conversation) {
    return conversation?.kind === 'direct' ? conversation.participants.find(p => p.id !== this.me?.id) ?? null : null;
  }

  title(conversation) {
    return conversation.kind === 'group' ? conversation.title : displayName(this.other(conversation));
  }

  directWith(userId) {
    return [...this.conversations.values()].find(c => c.kind === 'direct' && this.other(c)?.id === userId) ?? null;
  }

  async refreshConversations() {
    // GET /conversations is paged (100 at most a page): follow nextCursor, up to MAX_CONVERSATION_PAGES pages.
    const items = [];
    let cursor = null;
    for (let page = 0; page < MAX_CONVERSATION_PAGES; page++) {
      const { items: pageItems, nextCursor } = await api.conversations(cursor);
      items.push(...pageItems);
      if (!nextCursor) break;
      cursor = nextCursor;
    }
    this.conversations = new Map(items.map(c => [c.id, c]));
    this.order = items.map(c => c.id);
    this.blocked = new Set(items.filter(c => c.kind === 'direct' && c.blockedByMe).map(c => this.other(c)?.id).filter(Boolean));
    this.emit('conversations');
    this.emit('blocks');
  }

  /** Adds or updates a conversation the API returned, at the top of the list. */
  upsertConversation(conversation) {
    this.conversations.set(conversation.id, conversation);
    this.order = [conversation.id, ...this.order.filter(id => id !== conversation.id)];
    const other = this.other(conversation);
    if (other && conversation.blockedByMe !== this.blocked.has(other.id)) this.setBlocked(other.id, conversation.blockedByMe);
    this.emit('conversations');
  }

  /** Forgets a conversation I no longer take part in (I left the group). */
  removeConversation(conversationId) {
    this.conversations.delete(conversationId);
    this.order = this.order.filter(id => id !== conversationId);
    this.histories.delete(conversationId);
    this.unread.delete(conversationId);
    this.emit('conversations');
  }

  /**
   * Whether a message comes from someone I block, to collapse it in a group (SPEC section 10). History carries the server's
   * senderBlockedByMe; live messages do not, so the block list decides; setBlocked keeps loaded history in step.
   */
  senderBlocked(message) {
    return message.senderId !== this.me?.id && (message.senderBlockedByMe ?? this.blocked.has(message.senderId));
  }

  /** Records that I block (or no longer block) userId, from my own action or from a block event of another tab. */
  setBlocked(userId, blocked) {
    const changed = blocked ? !this.blocked.has(userId) : this.blocked.has(userId);
    if (blocked) this.blocked.add(userId); else this.blocked.delete(userId);
    const conversation = this.directWith(userId);
    if (conversation) conversation.blockedByMe = blocked;
    for (const entry of this.histories.values()) {
      for (const message of entry.items) {
        if (message.senderId === userId && 'senderBlockedByMe' in message) message.senderBlockedByMe = blocked;
      }
    }
    if (changed) {
      this.emit('blocks', { userId, blocked });
      this.emit('conversations');
    }
  }

  history(conversationId) {
    let entry = this.histories.get(conversationId);
    if (!entry) {
      entry = { items: [], ids: new Set(), nextCursor: null, loaded: false };
      this.histories.set(conversationId, entry);
    }
    return entry;
  }

  /** Loads the newest page (or, with older, the page before what is loaded). */
  async loadHistory(conversationId, { older = false } = {}) {
    const entry = this.history(conversationId);
    const page = await api.messages(conversationId, older ? entry.nextCursor : null);
    if (!older) {
      entry.items = [];
      entry.ids = new Set();
    }
    for (const message of page.items) this.#insert(entry, message);
    if (!older || entry.nextCursor) entry.nextCursor = page.nextCursor;
    entry.loaded = true;
    return entry;
  }

  /** A message from the send answer or from the event stream; duplicates (by id) are ignored. */
  addMessage(message) {
    const entry = this.histories.get(message.conversationId);
    if (entry?.loaded) {
      if (entry.ids.has(message.id)) return;
      this.#insert(entry, message);
    }
    if (!this.conversations.has(message.conversationId)) {
      // A conversation someone else started: fetch the list again.
      this.refreshConversations().catch(() => {});
    } else {
      this.order = [message.conversationId, ...this.order.filter(id => id !== message.conversationId)];
    }
    if (message.senderId !== this.me?.id && this.activeConversationId !== message.conversationId) this.unread.add(message.conversationId);
    this.emit('message', message);
    this.emit('conversations');
  }

  #insert(entry, message) {
    if (entry.ids.has(message.id)) return;
    entry.ids.add(message.id);
    let index = entry.items.length;
    while (index > 0 && compareMessages(entry.items[index - 1], message) > 0) index--;
    entry.items.splice(index, 0, message);
  }
}

/** Oldest first: by time (to the millisecond, then as text: microseconds), then by id. */
function compareMessages(a, b) {
  const text = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || text(a.createdAt, b.createdAt) || text(a.id, b.id);
}

export const store = new Store();

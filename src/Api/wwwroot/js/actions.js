// Block and unblock, shared by the conversation menu, the contact panel, the profile page and Settings.
import { api } from './api.js';
import { displayName } from './dom.js';
import { store } from './store.js';
import { toast } from './toast.js';
import { blockDialog, confirmDialog } from './views/dialogs.js';

const untilFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Asks (with how long, an optional note and an optional report), then blocks user; resolves true when blocked. A plain block
 * (until I unblock, no note, no report) sends no body, so it works the same on a server without timed blocks. With message
 * (from that message's menu) the dialog offers to report them with it (SPEC section 10: { report: { reason, messageIds,
 * comment } } in the block body, one call).
 */
export async function blockUser(user, { message = null } = {}) {
  const name = displayName(user);
  const choice = await blockDialog(name, { message });
  if (!choice) return false;
  const body = {};
  if (choice.expiresIn) body.expiresIn = choice.expiresIn;
  if (choice.note) body.note = choice.note;
  if (choice.report) {
    const { reason, messageIds, comment } = choice.report;
    body.report = comment ? { reason, messageIds, comment } : { reason, messageIds };
  }
  try {
    const result = await api.block(user.id, Object.keys(body).length > 0 ? body : undefined);
    if (!store.conversations.has(result.conversationId)) await store.refreshConversations();
    store.setBlocked(user.id, true);
    const until = result.expiresAt ? ` until ${untilFormat.format(new Date(result.expiresAt))}` : '';
    toast(`${choice.report ? 'You reported and blocked' : 'You blocked'} ${name}${until}.`, 'info');
    return true;
  } catch (error) {
    if (error.code === 'user.block.already_blocked') {
      store.setBlocked(user.id, true);
      return true;
    }
    toast(error.detail ? `${error.title} ${error.detail}` : error.title);
    return false;
  }
}

/** Asks, then leaves a group (SPEC section 10); resolves true when left. */
export async function leaveGroup(conversation) {
  const confirmed = await confirmDialog({
    title: `Leave ${conversation.title}?`,
    body: 'You will no longer see this group or its messages. Someone in the group can add you again.',
    confirmText: 'Leave group',
    danger: true,
  });
  if (!confirmed) return false;
  try {
    await api.leaveGroup(conversation.id);
  } catch (error) {
    if (error.code !== 'conversation.not_found') {
      toast(error.title);
      return false;
    }
  }
  store.removeConversation(conversation.id);
  if (location.hash === `#/c/${conversation.id}`) location.hash = '#/';
  toast(`You left ${conversation.title}.`, 'info');
  return true;
}

/** Unblocks user; resolves true when unblocked. */
export async function unblockUser(user) {
  try {
    await api.unblock(user.id);
    store.setBlocked(user.id, false);
    toast(`You unblocked ${displayName(user)}.`, 'info');
    return true;
  } catch (error) {
    if (error.code === 'user.block.not_blocked') {
      store.setBlocked(user.id, false);
      return true;
    }
    toast(error.title);
    return false;
  }
}

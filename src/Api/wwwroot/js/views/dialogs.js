// Modal dialogs on the native <dialog> element: showModal() traps focus and Escape closes.
import { api } from '../api.js';
import { store } from '../store.js';
import { toast } from '../toast.js';
import { avatar, displayName, h } from '../dom.js';

let counter = 0;

/** Opens a modal <dialog> titled title (an h2) holding content; it is removed, and focus given back, when it closes. */
export function modal(title, ...content) {
  const titleId = `dialog-title-${++counter}`;
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), ...content);
  // The dialog gives focus back to what opened it; when a re-render replaced that control meanwhile, to its successor.
  const opener = document.activeElement;
  const focusKey = opener?.dataset?.focusKey;
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (focusKey && !opener.isConnected) document.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** Asks for confirmation; resolves true when confirmed. */
export function confirmDialog({ title, body, confirmText, danger = false }) {
  return new Promise(resolve => {
    let confirmed = false;
    const dialog = modal(title,
      h('p', {}, body),
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel'),
        h('button', {
          type: 'button',
          class: danger ? 'danger confirm' : 'primary confirm',
          onclick: () => { confirmed = true; dialog.close(); },
        }, confirmText)));
    dialog.addEventListener('close', () => resolve(confirmed));
    dialog.querySelector('.confirm').focus();
  });
}

/** How long a block lasts (SPEC section 10): seconds for expiresIn, '' for until I unblock. A month is 30 days. */
export const BLOCK_DURATIONS = [
  { value: '86400', text: 'For 1 day' },
  { value: '604800', text: 'For 1 week' },
  { value: '2592000', text: 'For 1 month' },
  { value: '', text: 'Until I unblock' },
];

export const BLOCK_NOTE_MAX = 280;

/** Why a user is reported with a block (SPEC section 10): the report's reason and how the dialog names it. */
export const REPORT_REASONS = [
  { value: 'spam', text: 'Spam' },
  { value: 'harassment', text: 'Harassment' },
  { value: 'other', text: 'Something else' },
];

export const REPORT_COMMENT_MAX = 1000;

/**
 * Asks before blocking, with how long (1 day, 1 week, 1 month, until I unblock), an optional private note (280 characters
 * at most) and, ticked, a report (SPEC section 10: reason, optional comment, and message, the one the dialog was opened from
 * when it was). Opened from a message's "Report and block", the report is ticked and that message goes with it. Resolves null
 * when cancelled, else { expiresIn (seconds, or null for until I unblock), note (trimmed, or null), report (null, or
 * { reason, comment (trimmed, or null), messageIds }) }.
 */
export function blockDialog(name, { message = null } = {}) {
  return new Promise(resolve => {
    let answer = null;
    const durations = h('fieldset', { class: 'block-durations' },
      h('legend', {}, 'How long'),
      BLOCK_DURATIONS.map(({ value, text }, index) => {
        const id = `block-duration-${index}`;
        return h('div', { class: 'radio' },
          h('input', { type: 'radio', id, name: 'block-duration', value, checked: value === '' }),
          h('label', { for: id }, text));
      }));
    const note = h('textarea', {
      id: 'block-note', name: 'block-note', rows: '2', maxlength: String(BLOCK_NOTE_MAX), 'aria-describedby': 'block-note-hint',
    });
    const count = h('span', { class: 'note-count' }, `0/${BLOCK_NOTE_MAX}`);
    note.addEventListener('input', () => { count.textContent = `${note.value.length}/${BLOCK_NOTE_MAX}`; });
    const report = reportFields(name, message);
    const confirm = h('button', { type: 'submit', class: 'danger confirm' });
    const form = h('form', { class: 'block-form' },
      h('p', {}, `You and ${name} will not be able to message each other in your direct chat until the block ends. `
        + `${name} will not be told.`),
      durations,
      h('div', { class: 'field' },
        h('label', { for: note.id }, 'Private note (optional)'), note,
        h('p', { id: 'block-note-hint', class: 'hint note-hint' }, 'Only you can see it. ', count)),
      report.element,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel'),
        confirm));
    const update = () => { confirm.textContent = report.checked() ? 'Report and block' : 'Block'; };
    report.onToggle(update);
    update();
    form.addEventListener('submit', event => {
      event.preventDefault();
      const seconds = form.querySelector('input[name="block-duration"]:checked')?.value ?? '';
      answer = { expiresIn: seconds ? Number(seconds) : null, note: note.value.trim() || null, report: report.value() };
      dialog.close();
    });
    const dialog = modal(message ? `Report and block ${name}?` : `Block ${name}?`, form);
    dialog.classList.add('block-dialog');
    dialog.addEventListener('close', () => resolve(answer));
    dialog.querySelector('.confirm').focus();
  });
}

/**
 * The report part of the block dialog: "Also report" and, while it is ticked, the reason (required), a comment and the
 * message that goes with it. Unticked, its fields are disabled, so the form neither checks nor sends them.
 */
function reportFields(name, message) {
  const toggle = h('input', { type: 'checkbox', id: 'block-report', name: 'block-report', checked: Boolean(message) });
  const reasons = h('fieldset', { class: 'report-reasons' },
    h('legend', {}, 'Reason'),
    REPORT_REASONS.map(({ value, text }) => {
      const id = `report-reason-${value}`;
      return h('div', { class: 'radio' },
        h('input', { type: 'radio', id, name: 'report-reason', value, required: true }),
        h('label', { for: id }, text));
    }));
  const comment = h('textarea', {
    id: 'report-comment', name: 'report-comment', rows: '2', maxlength: String(REPORT_COMMENT_MAX),
  });
  const details = h('div', { class: 'report-details', id: 'report-details' },
    reasons,
    h('div', { class: 'field' }, h('label', { for: comment.id }, 'Comment (optional)'), comment),
    message
      ? h('div', { class: 'field' },
        h('p', { class: 'reported-label' }, 'This message goes with the report:'),
        h('blockquote', { class: 'reported-message' }, message.content))
      : h('p', { class: 'hint report-hint' },
        'No message goes with the report. To include one, use Report and block in the menu of that message.'));
  toggle.setAttribute('aria-controls', details.id);
  const sync = () => {
    details.hidden = !toggle.checked;
    reasons.disabled = !toggle.checked;
    comment.disabled = !toggle.checked;
  };
  sync();
  toggle.addEventListener('change', sync);
  return {
    element: h('div', { class: 'report-part' },
      h('div', { class: 'report-toggle' }, toggle, h('label', { for: toggle.id }, `Also report ${name}`)),
      details),
    checked: () => toggle.checked,
    onToggle: listener => toggle.addEventListener('change', listener),
    value: () => toggle.checked
      ? {
        reason: reasons.querySelector('input:checked').value,
        comment: comment.value.trim() || null,
        messageIds: message ? [message.id] : [],
      }
      : null,
  };
}

/**
 * A username search field whose results are buttons; onPick(profile) is called for the chosen one. Users whose id is in
 * exclude (besides me) are not offered.
 */
function userSearch(idPrefix, actionText, onPick, exclude = new Set()) {
  const input = h('input', { id: `${idPrefix}-query`, type: 'search', autocomplete: 'off', spellcheck: 'false', maxlength: '32' });
  const results = h('ul', { class: 'search-results', 'aria-label': 'Search results' });
  const status = h('p', { class: 'search-status', role: 'status' });
  let timer = null;
  let latest = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const query = input.value.trim().toLowerCase();
      const mine = ++latest;
      results.replaceChildren();
      status.textContent = '';
      if (!query) return;
      try {
        const { items } = await api.searchUsers(query);
        if (mine !== latest) return;
        const others = items.filter(u => u.id !== store.me.id && !exclude.has(u.id));
        status.textContent = others.length === 0 ? 'No users found.' : `${others.length} found.`;
        results.append(...others.map(user => h('li', { class: 'search-result' },
          avatar(user, 'sm'),
          h('span', { class: 'search-name' }, displayName(user), h('span', { class: 'username' }, ` @${user.username}`)),
          h('button', {
            type: 'button',
            class: 'secondary pick',
            'aria-label': `${actionText} ${user.username}`,
            onclick: () => onPick(user),
          }, actionText))));
      } catch (error) {
        status.textContent = error.title;
      }
    }, 200);
  });
  return { field: h('div', { class: 'field' }, h('label', { for: input.id }, 'Username'), input), input, results, status };
}

/** Finds a user by username and opens the direct conversation with them. */
export function newChatDialog() {
  let dialog = null;
  const search = userSearch('new-chat', 'Chat with', async user => {
    try {
      const conversation = await api.openDirect(user.id);
      store.upsertConversation(conversation);
      dialog.close();
      location.hash = `#/c/${conversation.id}`;
    } catch (error) {
      toast(error.title);
    }
  });
  dialog = modal('New chat', search.field, search.status, search.results,
    h('div', { class: 'dialog-actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Close')));
  search.input.focus();
}

/**
 * Members chosen by username, shown as removable chips: { search, chosen, members (Map id -> profile) }. onChange runs after
 * every change.
 */
function memberPicker(idPrefix, onChange, exclude = new Set()) {
  const members = new Map();
  const chosen = h('ul', { class: 'chosen-members', 'aria-label': 'Members' });
  const update = () => {
    chosen.replaceChildren(...[...members.values()].map(user => h('li', { class: 'chip' }, displayName(user),
      h('button', { type: 'button', class: 'chip-remove', 'aria-label': `Remove ${user.username}`,
        onclick: () => { members.delete(user.id); update(); } }, '×'))));
    onChange();
  };
  const search = userSearch(idPrefix, 'Add', user => { members.set(user.id, user); update(); }, exclude);
  return { search, chosen, members };
}

/** Creates a group from a title and members found by username. */
export function newGroupDialog() {
  const title = h('input', { id: 'group-title', type: 'text', maxlength: '100', required: true, autocomplete: 'off' });
  const create = h('button', { type: 'submit', class: 'primary', disabled: true }, 'Create group');
  const update = () => { create.disabled = picker.members.size === 0 || title.value.trim() === ''; };
  const picker = memberPicker('new-group', update);
  const { search, chosen, members } = picker;
  title.addEventListener('input', update);
  const form = h('form', { class: 'group-form' },
    h('div', { class: 'field' }, h('label', { for: title.id }, 'Group name'), title),
    search.field, search.status, search.results,
    h('h3', { class: 'members-heading' }, 'Members'), chosen,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel'), create));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const conversation = await api.createGroup(title.value.trim(), [...members.keys()]);
      store.upsertConversation(conversation);
      dialog.close();
      location.hash = `#/c/${conversation.id}`;
    } catch (error) {
      toast(error.detail ? `${error.title} ${error.detail}` : error.title);
    }
  });
  const dialog = modal('New group', form);
  title.focus();
}

/**
 * Adds members found by username to a group (POST /conversations/{id}/members, SPEC section 10). A refusal (someone to be
 * added blocks me) is shown in the server's words and the dialog stays open.
 */
export function addMembersDialog(conversation) {
  const add = h('button', { type: 'submit', class: 'primary add-members-submit', disabled: true }, 'Add to group');
  const update = () => { add.disabled = picker.members.size === 0; };
  const picker = memberPicker('add-members', update, new Set(conversation.participants.map(p => p.id)));
  const { search, chosen, members } = picker;
  const form = h('form', { class: 'group-form' },
    search.field, search.status, search.results,
    h('h3', { class: 'members-heading' }, 'To add'), chosen,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel'), add));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    add.disabled = true;
    try {
      const updated = await api.addMembers(conversation.id, [...members.keys()]);
      const added = updated.participants.length - conversation.participants.length;
      store.upsertConversation(updated);
      dialog.close();
      toast(`Added ${added} ${added === 1 ? 'member' : 'members'} to ${updated.title}.`, 'info');
    } catch (error) {
      toast(error.detail ? `${error.title} ${error.detail}` : error.title);
      update();
    }
  });
  const dialog = modal(`Add members to ${conversation.title}`, form);
  search.input.focus();
}

// Settings → Export and import (SPEC section 10): download the block list as JSON or CSV; import a file (merge, or replace my
// list = overwrite) by first asking the server for a dry run, showing its diff, and applying it only on an explicit Apply.
import { api } from '../api.js';
import { readCsv } from '../csv.js';
import { h, replace } from '../dom.js';
import { toast } from '../toast.js';
import { modal } from './dialogs.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The parts of an import answer (its keys), in the order shown, with their headings. */
const DIFF_PARTS = [
  { key: 'added', heading: 'Will be blocked' },
  { key: 'removed', heading: 'Will be unblocked' },
  { key: 'alreadyBlocked', heading: 'Already blocked' },
  { key: 'unknown', heading: 'Not found, skipped' },
  { key: 'self', heading: 'You, skipped' },
];

/** The problem's words: its title and, when the server gave one, its detail (which row, which column). */
export function problemText(error) {
  return error.detail ? `${error.title} ${error.detail}` : error.title;
}

/**
 * The Export and import section of Settings. onApplied runs after an import changed the list (the caller reloads it; the
 * blocks.replaced live event does the same in other tabs).
 */
export function blockTransferSection(onApplied) {
  const exportStatus = h('p', { class: 'export-status', role: 'status' });
  const exportButton = (format, text, className) => {
    const button = h('button', { type: 'button', class: `${className} export-${format}` }, text);
    button.addEventListener('click', () => download(format, button, exportStatus));
    return button;
  };

  const file = h('input', {
    id: 'import-file', name: 'import-file', type: 'file', accept: '.json,.csv,application/json,text/csv', required: true,
    'aria-describedby': 'import-file-hint',
  });
  const modes = h('fieldset', { class: 'import-modes' },
    h('legend', {}, 'How to import'),
    radio('import-mode-merge', 'merge', 'Add to my list', 'Keeps everyone you block now.', true),
    radio('import-mode-overwrite', 'overwrite', 'Replace my list', 'Unblocks everyone the file does not name.', false));
  const error = h('div', { class: 'form-error import-error', role: 'alert' });
  const preview = h('button', { type: 'submit', class: 'primary import-preview' }, 'Preview import');
  const form = h('form', { class: 'import-form', 'aria-labelledby': 'import-title' },
    h('h3', { id: 'import-title' }, 'Import'),
    h('div', { class: 'field' },
      h('label', { for: file.id }, 'Block list file'), file,
      h('p', { id: 'import-file-hint', class: 'hint import-hint' }, 'JSON or CSV, as Export writes it; at most 10,000 users.')),
    modes, error, preview);
  file.addEventListener('change', () => replace(error));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    replace(error);
    const chosen = file.files?.[0];
    if (!chosen) return;
    preview.disabled = true;
    try {
      const upload = { text: await chosen.text(), contentType: contentTypeOf(chosen) };
      const mode = form.querySelector('input[name="import-mode"]:checked')?.value ?? 'merge';
      const diff = await api.importBlocks(upload.text, upload.contentType, mode, true);
      const names = await namesFor(upload);
      if (await previewDialog(upload, mode, diff, names)) {
        form.reset();
        onApplied();
      }
    } catch (problem) {
      replace(error, problemText(problem));
    } finally {
      preview.disabled = false;
    }
  });

  return h('section', { class: 'settings-section block-transfer', 'aria-labelledby': 'transfer-title' },
    h('h2', { id: 'transfer-title' }, 'Export and import'),
    h('p', { class: 'hint' }, 'Download the list of users you block, to keep it or to import it into another account.'),
    h('div', { class: 'export-actions' },
      exportButton('json', 'Export as JSON', 'secondary'),
      exportButton('csv', 'Export as CSV', 'secondary')),
    exportStatus,
    form);
}

function radio(id, value, text, hint, checked) {
  return h('div', { class: 'radio' },
    h('input', { type: 'radio', id, name: 'import-mode', value, checked, 'aria-describedby': `${id}-hint` }),
    h('label', { for: id }, text),
    h('span', { id: `${id}-hint`, class: 'radio-hint' }, hint));
}

/** Fetches the export (with the session's token, which a plain link cannot carry) and saves it through a download link. */
async function download(format, button, status) {
  button.disabled = true;
  status.textContent = '';
  try {
    const { blob, fileName } = await api.exportBlocks(format);
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: fileName ?? `blocks.${format}`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    // The download has its own reference to the blob once started; the URL is only needed for the click.
    setTimeout(() => URL.revokeObjectURL(url), 0);
    status.textContent = `Downloaded ${link.download}.`;
  } catch (error) {
    toast(problemText(error));
  } finally {
    button.disabled = false;
  }
}

/** application/json or text/csv: by the file's name, then its type, then its first character. */
function contentTypeOf(file) {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.json')) return 'application/json';
  if (/csv/i.test(file.type)) return 'text/csv';
  if (/json/i.test(file.type)) return 'application/json';
  return 'application/json';
}

/**
 * Usernames by user id, for showing the diff: from the file itself (an export names both) and from my current list (for the
 * blocks an overwrite removes). Neither is needed for the import; a file or list that cannot be read just leaves ids.
 */
async function namesFor({ text, contentType }) {
  const names = new Map();
  const add = (userId, username) => {
    if (typeof userId === 'string' && UUID.test(userId) && typeof username === 'string' && username) {
      names.set(userId.toLowerCase(), username);
    }
  };
  try {
    if (contentType === 'text/csv') {
      const [header = [], ...rows] = readCsv(text.replace(/^\uFEFF/, ''));
      const column = name => header.findIndex(h => h.trim().toLowerCase() === name.toLowerCase());
      const [idColumn, nameColumn] = [column('userId'), column('username')];
      if (idColumn >= 0 && nameColumn >= 0) for (const row of rows) add(row[idColumn]?.trim(), row[nameColumn]?.trim());
    } else {
      for (const item of JSON.parse(text)?.items ?? []) add(item?.userId, item?.username);
    }
  } catch {
    // The server has already judged the file; names are a nicety.
  }
  try {
    for (const item of (await api.exportedBlocks()).items) add(item.userId, item.username);
  } catch {
    // As above.
  }
  return names;
}

/** How one entry of the diff reads: @username when known, otherwise the id or name the file gave. */
function entryText(entry, names) {
  const name = UUID.test(entry) ? names.get(entry.toLowerCase()) : entry;
  return name ? `@${name}` : entry;
}

function diffList(diff, names) {
  return DIFF_PARTS.filter(part => diff[part.key]?.length > 0).map(part => {
    const id = `import-${part.key}-title`;
    return h('section', { class: `import-part import-${part.key}`, 'aria-labelledby': id },
      h('h3', { id }, `${part.heading} (${diff[part.key].length})`),
      h('ul', { class: 'import-names' }, diff[part.key].map(entry => h('li', { dataset: { entry } }, entryText(entry, names)))));
  });
}

/**
 * Shows the dry run's diff; Apply imports for real (dryRun=false). Resolves true when applied. A refusal of the real import
 * (the rate limit, a list changed meanwhile past the limit) is shown in the dialog, which stays open.
 */
function previewDialog(upload, mode, diff, names) {
  return new Promise(resolve => {
    let applied = false;
    const changes = diff.added.length + diff.removed.length;
    const error = h('div', { class: 'form-error import-apply-error', role: 'alert' });
    const summary = changes === 0
      ? 'Nothing would change: everyone in the file is already blocked, unknown or you.'
      : `Nothing has changed yet. Apply to ${mode === 'overwrite' ? 'replace your list with this file' : 'add these users to your list'}.`;
    const kind = diff.removed.length > 0 ? 'danger' : 'primary';
    const apply = h('button', { type: 'button', class: `${kind} confirm import-apply` }, 'Apply');
    apply.addEventListener('click', async () => {
      apply.disabled = true;
      replace(error);
      try {
        const result = await api.importBlocks(upload.text, upload.contentType, mode, false);
        applied = true;
        dialog.close();
        toast(`Import applied: ${count(result.added.length)} blocked, ${count(result.removed.length)} unblocked.`, 'info');
      } catch (problem) {
        replace(error, problemText(problem));
        apply.disabled = false;
      }
    });
    const close = h('button', { type: 'button', class: 'secondary import-cancel', onclick: () => dialog.close() },
      changes === 0 ? 'Close' : 'Cancel');
    const dialog = modal('Import preview',
      h('p', { class: 'import-summary' }, summary),
      h('div', { class: 'import-diff' }, diffList(diff, names)),
      error,
      h('div', { class: 'dialog-actions' }, close, changes === 0 ? null : apply));
    dialog.classList.add('import-dialog');
    dialog.addEventListener('close', () => resolve(applied));
    (changes === 0 ? close : apply).focus();
  });
}

function count(n) {
  return `${n} ${n === 1 ? 'user' : 'users'}`;
}

// The REST API of SPEC section 4. Errors are RFC 9457 problem details; ApiError keeps their title, code and detail.
import { session } from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.title ?? (status === 0 ? 'Cannot reach the server.' : `Request failed (${status}).`));
    this.status = status;
    this.code = problem?.code ?? null;
    this.title = this.message;
    this.detail = problem?.detail ?? null;
  }
}

/**
 * Calls the API: body is sent as JSON, or, with contentType, as the text it is (an imported file). Resolves the JSON answer
 * (null for none); with download, { blob, fileName } from the answer and its Content-Disposition. Throws ApiError.
 */
async function request(path, { method = 'GET', body, contentType, download = false, auth = true } = {}) {
  const headers = { Accept: download ? '*/*' : 'application/json' };
  if (body !== undefined) headers['Content-Type'] = contentType ?? 'application/json';
  if (auth && session.token) headers.Authorization = `Bearer ${session.token}`;
  let response;
  try {
    const sent = body === undefined || contentType ? body : JSON.stringify(body);
    response = await fetch(`/api/v1${path}`, { method, headers, body: sent });
  } catch {
    throw new ApiError(0, null);
  }
  if (response.ok && download) return { blob: await response.blob(), fileName: fileName(response) };
  const json = (response.headers.get('Content-Type') ?? '').includes('json') ? await response.json() : null;
  if (!response.ok) {
    if (response.status === 401 && auth) session.end();
    throw new ApiError(response.status, json);
  }
  return json;
}

/** The file name of an attachment (Content-Disposition filename=), or null. */
function fileName(response) {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(response.headers.get('Content-Disposition') ?? '');
  return match ? decodeURIComponent(match[1]) : null;
}

const id = value => encodeURIComponent(value);

export const api = {
  register: (username, password, displayName) =>
    request('/auth/register', { method: 'POST', body: { username, password, displayName: displayName || undefined }, auth: false }),
  login: (username, password) => request('/auth/login', { method: 'POST', body: { username, password }, auth: false }),
  me: () => request('/users/me'),
  user: userId => request(`/users/${id(userId)}`),
  searchUsers: query => request(`/users?query=${encodeURIComponent(query)}`),
  relationship: userId => request(`/users/${id(userId)}/relationship`),
  // body: { expiresIn (seconds), note, report: { reason, messageIds, comment } } for a timed, annotated or reported block
  // (SPEC section 10); none for a plain block. The answer carries reportId when a report was made.
  block: (userId, body) => request(`/users/${id(userId)}/block`, { method: 'POST', body }),
  unblock: userId => request(`/users/${id(userId)}/block`, { method: 'DELETE' }),
  blocks: cursor => request(`/users/me/blocks?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  unblockAll: () => request('/users/me/blocks', { method: 'DELETE' }),
  // The whole block list as a file (SPEC section 10): { blob, fileName }; format 'json' or 'csv'.
  exportBlocks: format => request(`/users/me/blocks/export?format=${format}`, { download: true }),
  // Every block with its username, from the JSON export: { items: [{ userId, username, createdAt, expiresAt, note }] }.
  exportedBlocks: () => request('/users/me/blocks/export?format=json'),
  // text as read from the file, contentType 'application/json' or 'text/csv'; mode 'merge' or 'overwrite'.
  // Resolves { added, removed, alreadyBlocked, unknown, self }; with dryRun nothing changes.
  importBlocks: (text, contentType, mode, dryRun) =>
    request(`/users/me/blocks/import?mode=${mode}&dryRun=${dryRun}`, { method: 'POST', body: text, contentType }),
  conversations: cursor => request(`/conversations?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  conversation: conversationId => request(`/conversations/${id(conversationId)}`),
  openDirect: userId => request('/conversations/direct', { method: 'POST', body: { userId } }),
  createGroup: (title, memberIds) => request('/conversations/group', { method: 'POST', body: { title, memberIds } }),
  messages: (conversationId, before) =>
    request(`/conversations/${id(conversationId)}/messages?limit=50${before ? `&before=${id(before)}` : ''}`),
  addMembers: (conversationId, userIds) =>
    request(`/conversations/${id(conversationId)}/members`, { method: 'POST', body: { userIds } }),
  leaveGroup: conversationId => request(`/conversations/${id(conversationId)}/leave`, { method: 'POST' }),
  send: (conversationId, content) => request(`/conversations/${id(conversationId)}/messages`, { method: 'POST', body: { content } }),
  // A single-use ticket that opens one live event stream: {ticket, expiresAt} (valid 60 s).
  eventTicket: () => request('/events/tickets', { method: 'POST' }),
};

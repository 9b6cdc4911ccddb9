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

async function request(path, { method = 'GET', body, auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth && session.token) headers.Authorization = `Bearer ${session.token}`;
  let response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, null);
  }
  const json = (response.headers.get('Content-Type') ?? '').includes('json') ? await response.json() : null;
  if (!response.ok) {
    if (response.status === 401 && auth) session.end();
    throw new ApiError(response.status, json);
  }
  return json;
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
  // body: { expiresIn (seconds), note } for a timed or annotated block (SPEC section 10); none for a plain block.
  block: (userId, body) => request(`/users/${id(userId)}/block`, { method: 'POST', body }),
  unblock: userId => request(`/users/${id(userId)}/block`, { method: 'DELETE' }),
  blocks: cursor => request(`/users/me/blocks?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  unblockAll: () => request('/users/me/blocks', { method: 'DELETE' }),
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

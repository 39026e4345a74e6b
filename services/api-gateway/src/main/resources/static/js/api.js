// The public API (/api/...), with the session: the access token lives only in memory; the refresh token in this
// tab's sessionStorage so a reload keeps you logged in; neither ever goes into a URL. Logout revokes the refresh token.

const REFRESH_KEY = 'emporium.refresh';
const session = { access: null, claims: null };
const listeners = new Set();

export function onSessionChange(listener) {
  listeners.add(listener);
}

function setTokens(tokens) {
  session.access = tokens?.accessToken ?? null;
  session.claims = session.access ? decode(session.access) : null;
  if (tokens?.refreshToken) sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
  if (!tokens) sessionStorage.removeItem(REFRESH_KEY);
  listeners.forEach((listener) => listener());
}

/** The token's claims, for the UI's choices only (the services decide what is allowed). */
function decode(token) {
  try {
    const payload = token.split('.')[1].replaceAll('-', '+').replaceAll('_', '/');
    return JSON.parse(decodeURIComponent(Array.from(atob(payload), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')));
  } catch {
    return null;
  }
}

export const isLoggedIn = () => session.access !== null;
export const isAdmin = () => (session.claims?.roles ?? []).includes('ADMIN');
export const userId = () => session.claims?.sub ?? null;

/** What a person should read for an answer that is not a success. */
export function explain(response) {
  const problem = response.problem;
  switch (response.status) {
    case 0: return 'The shop cannot be reached. Check your connection and try again.';
    case 401: return 'Please log in first.';
    case 403: return 'This page is for administrators only.';
    case 429: return `Too many requests. Please wait ${response.headers?.get('Retry-After') ?? 'a few'} seconds and try again.`;
    case 502: case 503: case 504:
      return 'Part of the shop is unavailable right now. Nothing was charged; please try again in a moment.';
    default: return problem?.detail ?? problem?.title ?? `Unexpected answer (${response.status}).`;
  }
}

let refreshing = null;

async function refresh() {
  const refreshToken = sessionStorage.getItem(REFRESH_KEY);
  if (!refreshToken) return false;
  refreshing ??= fetch('/api/users/token/refresh', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }),
  }).then(async (response) => {
    if (!response.ok) { setTokens(null); return false; }
    setTokens(await response.json());
    return true;
  }).catch(() => false).finally(() => { refreshing = null; });
  return refreshing;
}

/** Calls the API; answers {ok, status, data, problem, headers}; never throws for HTTP or network failures. */
export async function api(path, { method = 'GET', body, headers = {}, retry = true } = {}) {
  const request = { method, headers: { Accept: 'application/json, application/problem+json', ...headers } };
  if (body instanceof Blob) { // a file, sent as its bytes with its own type (a product picture)
    request.headers['Content-Type'] = body.type || 'application/octet-stream';
    request.body = body;
  } else if (body !== undefined) {
    request.headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(body);
  }
  if (session.access) request.headers.Authorization = `Bearer ${session.access}`;
  let response;
  try {
    response = await fetch(path, request);
  } catch {
    return { ok: false, status: 0, headers: new Headers() };
  }
  if (response.status === 401 && retry && sessionStorage.getItem(REFRESH_KEY) && await refresh()) {
    return api(path, { method, body, headers, retry: false });
  }
  const type = response.headers.get('Content-Type') ?? '';
  const json = type.includes('json') && response.status !== 204 ? await response.json().catch(() => null) : null;
  return response.ok
    ? { ok: true, status: response.status, data: json, headers: response.headers }
    : { ok: false, status: response.status, problem: json, headers: response.headers };
}

export async function login(email, password) {
  const response = await api('/api/users/login', { method: 'POST', body: { email, password }, retry: false });
  if (response.ok) setTokens(response.data);
  return response;
}

export async function register(name, email, password) {
  return api('/api/users/register', { method: 'POST', body: { name, email, password }, retry: false });
}

export async function logout() {
  const expired = (session.claims?.exp ?? 0) * 1000 < Date.now() + 5000;
  if (expired) await refresh(); // logout needs a valid access token; the refresh token it revokes is the newest one
  const refreshToken = sessionStorage.getItem(REFRESH_KEY);
  if (refreshToken && session.access) await api('/api/users/logout', { method: 'POST', body: { refreshToken }, retry: false });
  setTokens(null);
}

/** After a reload: a new access token from the tab's refresh token, if there is one. */
export async function restore() {
  if (!session.access) await refresh();
}

/**
 * Follows a Server-Sent Events stream of the API with the session's token (EventSource cannot send one): calls
 * onEvent({event, data}) for each event; resolves when the server ends the stream, rejects when it cannot be opened
 * or breaks. Aborting the signal ends it quietly.
 */
export async function stream(path, onEvent, signal, retry = true) {
  const headers = { Accept: 'text/event-stream' };
  if (session.access) headers.Authorization = `Bearer ${session.access}`;
  const response = await fetch(path, { headers, signal, cache: 'no-store' });
  if (response.status === 401 && retry && await refresh()) return stream(path, onEvent, signal, false);
  if (!response.ok || !response.body) throw new Error(`The stream answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { event: 'message', data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      if (line === '') {
        if (event.data.length > 0) onEvent({ event: event.event, data: event.data.join('\n') });
        event = { event: 'message', data: [] };
      } else if (line.startsWith('data:')) event.data.push(line.slice(5).replace(/^ /, ''));
      else if (line.startsWith('event:')) event.event = line.slice(6).trim();
      // comments (heartbeats) and ids are not needed here
    }
  }
}

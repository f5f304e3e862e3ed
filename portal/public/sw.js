/*
 * simledger portal service worker: the app shell and the last balances, for a phone without a network.
 * Pages and the account's read-outs go to the network first; when it cannot answer, the last saved copy is
 * served and the page is told (with the time it was saved) so it can say the figures may be out of date.
 * Signing out, or a session the server no longer knows, empties the saved read-outs.
 */
const SHELL = 'simledger-shell-v1';
const DATA = 'simledger-data-v1';
const SAVED = new Set(['/api/v1/auth/session', '/api/v1/me', '/api/v1/esims', '/api/v1/balances', '/api/v1/plans', '/api/v1/help']);
const SAVED_AT = 'x-simledger-saved-at';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.add('/'))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== DATA).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function tell(clientId, message) {
  const client = clientId ? await self.clients.get(clientId) : undefined;
  const targets = client ? [client] : await self.clients.matchAll({ type: 'window' });
  for (const c of targets) c.postMessage(message);
}

/** Network first; a good answer is saved with the time; without a network, the saved one. */
async function savedRead(request, clientId) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    if (response.ok) {
      const headers = new Headers(response.headers);
      headers.set(SAVED_AT, String(Date.now()));
      const copy = new Response(await response.clone().blob(), { status: response.status, headers });
      await (await caches.open(DATA)).put(url.pathname, copy);
      void tell(clientId, { type: 'simledger:live' });
    } else if (response.status === 401) {
      await caches.delete(DATA);
    }
    return response;
  } catch (error) {
    const saved = await (await caches.open(DATA)).match(url.pathname);
    if (!saved) throw error;
    void tell(clientId, { type: 'simledger:cached', savedAt: Number(saved.headers.get(SAVED_AT)) || undefined });
    return saved;
  }
}

async function page(request) {
  try {
    const response = await fetch(request);
    if (response.ok && (response.headers.get('content-type') ?? '').startsWith('text/html')) await (await caches.open(SHELL)).put('/', response.clone());
    return response;
  } catch (error) {
    const shell = await (await caches.open(SHELL)).match('/');
    if (!shell) throw error;
    return shell;
  }
}

async function asset(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && url.pathname === '/api/v1/auth/sign-out') {
    event.waitUntil(caches.delete(DATA));
    return;
  }
  if (request.method !== 'GET') return;
  // Downloads (statements, CSV) are navigations too: only the portal's pages are its shell.
  if (request.mode === 'navigate' && !url.pathname.startsWith('/api/')) event.respondWith(page(request));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(request));
  else if (SAVED.has(url.pathname) && url.search === '') event.respondWith(savedRead(request, event.clientId));
});

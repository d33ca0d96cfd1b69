// Small fetch helpers shared by the panels. Errors come back as RFC 9457 problem objects.
export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw await problem(response);
  return response.json();
}

export async function postJson(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? '' : body,
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  return { ok: response.ok, status: response.status, body: parsed };
}

/**
 * Any request: {yaml} is sent as application/yaml, {ifMatch} as a quoted If-Match tag, {accept} asks for a
 * type. Answers {ok, status, body (parsed when JSON or problem+json, else text), etag (without quotes)}.
 */
export async function send(method, path, { yaml, ifMatch, accept } = {}) {
  const headers = { Accept: accept || 'application/json' };
  if (yaml !== undefined) headers['Content-Type'] = 'application/yaml';
  if (ifMatch) headers['If-Match'] = `"${ifMatch}"`;
  const response = await fetch(path, { method, headers, body: yaml });
  const text = await response.text();
  const json = /json/.test(response.headers.get('Content-Type') || '');
  const etag = (response.headers.get('ETag') || '').replace(/^"|"$/g, '');
  return { ok: response.ok, status: response.status, body: json && text ? JSON.parse(text) : text, etag };
}

async function problem(response) {
  try {
    return await response.json();
  } catch {
    return { status: response.status, title: response.statusText };
  }
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Polls {@code task} every {@code ms} while the page is open. */
export function every(ms, task) {
  task();
  return setInterval(task, ms);
}

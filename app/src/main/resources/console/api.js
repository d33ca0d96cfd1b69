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

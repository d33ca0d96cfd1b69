// Server-Sent Events read with fetch() and eventsource-parser, so that a viewer sees every event whatever
// its type.
//
// Why not EventSource: Sluice names each event after its CloudEvents type (`event: order_created`), and
// EventSource hands a named event only to listeners of that exact name; there is no "any type" listener,
// so a viewer that listened for a fixed list missed every other type (orders_created, whatever a producer
// publishes with POST /api/topics/{topic}/events). Asking the server to drop the names would lose the type
// for every other client, so the console parses the stream itself instead: fetch() streams the body and
// eventsource-parser (MIT, the parser behind the `eventsource` package; there is no WebJar of it, so its
// ESM build is copied unchanged into vendor/eventsource-parser/ and e2e.mjs checks it is byte for byte the
// npm release that app/src/test/console/package.json pins) turns the text into events with their type.
//
// What EventSource did for us is kept: the Last-Event-ID header on every (re)connection, reconnecting after
// the server's `retry:` delay (or two seconds) when the connection drops, and giving up on a 4xx answer.
import { EventSourceParserStream } from './vendor/eventsource-parser/stream.js';

const DEFAULT_RETRY_MS = 2000;

/**
 * Opens {@code url} as an event stream. Callbacks: onOpen({resumedFrom}) once per connection,
 * onEvent({id, type, data}) for each event (type "message" when the server names none), onRetrying(reason)
 * when the connection dropped and will be reopened, onFailed(text) when it will not (an answer such as 404).
 * Returns {close()}; lastEventId starts the first connection right after that id.
 */
export function openEventStream(url, { lastEventId = null, onOpen, onEvent, onRetrying, onFailed } = {}) {
  let lastId = lastEventId;
  let retryMs = DEFAULT_RETRY_MS;
  let controller = null;
  let timer = null;
  let closed = false;

  async function connect() {
    controller = new AbortController();
    const headers = { Accept: 'text/event-stream' };
    if (lastId) headers['Last-Event-ID'] = lastId;
    let response;
    try {
      response = await fetch(url, { headers, cache: 'no-store', signal: controller.signal });
    } catch (error) {
      return dropped(`cannot connect (${error.message})`);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let detail = text;
      try { detail = JSON.parse(text).detail || detail; } catch { /* not problem+json */ }
      // a 4xx will answer the same next time; a 5xx (a broker that is down: 503) may not
      if (response.status < 500) return failed(`${response.status} ${detail}`.trim());
      return dropped(`${response.status} ${detail}`.trim());
    }
    onOpen?.({ resumedFrom: lastId });
    const events = response.body
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream({ onRetry: (ms) => { retryMs = ms; } }));
    const reader = events.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (value.id !== undefined) lastId = value.id;
        onEvent?.({ id: value.id ?? lastId, type: value.event || 'message', data: value.data });
      }
      dropped('the server closed the stream');
    } catch (error) {
      dropped(`the connection dropped (${error.message})`);
    }
  }

  function dropped(reason) {
    if (closed) return;
    onRetrying?.(reason);
    timer = setTimeout(connect, retryMs);
  }

  function failed(reason) {
    if (closed) return;
    closed = true;
    onFailed?.(reason);
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      controller?.abort();
    },
  };
}

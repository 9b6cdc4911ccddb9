// The live event stream GET /api/v1/events (Server-Sent Events). EventSource reconnects by itself and sends Last-Event-ID,
// and the server replays missed messages. If the browser gives up (an HTTP error), a new EventSource is made after a pause,
// passing the last id as ?lastEventId= because a new EventSource cannot send the header.
import { session } from './session.js';

const TYPES = ['message.created', 'block.created', 'block.deleted', 'ready', 'resync'];
const MAX_PAUSE_MS = 30000;

class LiveEvents extends EventTarget {
  #source = null;
  #lastEventId = null;
  #timer = null;
  #failures = 0;

  start() {
    this.stop();
    this.#lastEventId = null;
    this.#failures = 0;
    this.#connect();
  }

  stop() {
    clearTimeout(this.#timer);
    this.#source?.close();
    this.#source = null;
  }

  #connect() {
    if (!session.active) {
      // The token expired while the stream was away: sign out rather than retry for ever.
      session.end();
      return;
    }
    const query = new URLSearchParams({ access_token: session.token });
    if (this.#lastEventId) query.set('lastEventId', this.#lastEventId);
    const source = new EventSource(`/api/v1/events?${query}`);
    this.#source = source;
    this.#status('connecting');
    for (const type of TYPES) {
      source.addEventListener(type, event => {
        if (event.lastEventId) this.#lastEventId = event.lastEventId;
        let detail;
        try {
          detail = JSON.parse(event.data);
        } catch {
          return;
        }
        if (type === 'ready') {
          this.#failures = 0;
          this.#status('live');
        }
        this.dispatchEvent(new CustomEvent(type, { detail }));
      });
    }
    source.addEventListener('error', () => {
      if (this.#source !== source) return;
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        this.#status('offline');
        const pause = Math.min(MAX_PAUSE_MS, 1000 * 2 ** this.#failures++) * (0.5 + Math.random() / 2);
        this.#timer = setTimeout(() => this.#connect(), pause);
      } else {
        this.#status('connecting');
      }
    });
  }

  #status(state) {
    this.dispatchEvent(new CustomEvent('status', { detail: state }));
  }
}

export const liveEvents = new LiveEvents();

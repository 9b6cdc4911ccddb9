// The live event stream GET /api/v1/events (Server-Sent Events). EventSource cannot send headers, and a token in a URL would
// end up in logs, so every connection starts with a single-use ticket (POST /api/v1/events/tickets, valid 60 seconds).
// EventSource's own reconnect would present the spent ticket again, so on any error the source is closed and a new one is
// made after a pause, with a fresh ticket and the last id as ?lastEventId= (a new EventSource cannot send Last-Event-ID);
// the server replays the messages missed meanwhile.
import { api, ApiError } from './api.js';
import { session } from './session.js';

const TYPES = ['message.created', 'block.created', 'block.deleted', 'block.expired', 'blocks.replaced', 'ready', 'resync'];
const MAX_PAUSE_MS = 30000;

class LiveEvents extends EventTarget {
  #source = null;
  #lastEventId = null;
  #timer = null;
  #failures = 0;
  // Bumped by stop(): a connection attempt still waiting for its ticket then gives up.
  #generation = 0;

  start() {
    this.stop();
    this.#lastEventId = null;
    this.#failures = 0;
    this.#connect();
  }

  stop() {
    this.#generation++;
    clearTimeout(this.#timer);
    this.#source?.close();
    this.#source = null;
  }

  async #connect() {
    const generation = this.#generation;
    if (!session.active) {
      // The token expired while the stream was away: sign out rather than retry for ever.
      session.end();
      return;
    }
    this.#status('connecting');
    let ticket;
    try {
      ({ ticket } = await api.eventTicket());
    } catch (error) {
      if (generation !== this.#generation) return;
      // A 401 has already signed the session out (api.js); anything else is retried.
      if (error instanceof ApiError && error.status === 401) return;
      this.#retry();
      return;
    }
    if (generation !== this.#generation) return;
    const query = new URLSearchParams({ ticket });
    if (this.#lastEventId) query.set('lastEventId', this.#lastEventId);
    const source = new EventSource(`/api/v1/events?${query}`);
    this.#source = source;
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
      // Never let EventSource reconnect by itself: its ticket is spent.
      source.close();
      this.#source = null;
      this.#retry();
    });
  }

  #retry() {
    // A stream that was live reconnects at once-ish; repeated failures back off up to 30 s.
    this.#status(this.#failures === 0 ? 'connecting' : 'offline');
    const pause = Math.min(MAX_PAUSE_MS, 1000 * 2 ** this.#failures++) * (0.5 + Math.random() / 2);
    this.#timer = setTimeout(() => this.#connect(), pause);
  }

  #status(state) {
    this.dispatchEvent(new CustomEvent('status', { detail: state }));
  }
}

export const liveEvents = new LiveEvents();

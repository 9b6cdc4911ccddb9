// The signed-in session, kept in localStorage so that every tab of this browser shares it.
const KEY = 'chatblock.session';

class Session extends EventTarget {
  #value = null;

  constructor() {
    super();
    this.load();
    // Another tab signed in or out.
    window.addEventListener('storage', event => {
      if (event.key === KEY) {
        this.load();
        this.dispatchEvent(new Event('change'));
      }
    });
  }

  load() {
    try {
      const value = JSON.parse(localStorage.getItem(KEY) ?? 'null');
      this.#value = value && new Date(value.expiresAt).getTime() > Date.now() ? value : null;
    } catch {
      this.#value = null;
    }
  }

  get active() { return this.#value !== null && new Date(this.#value.expiresAt).getTime() > Date.now(); }

  get token() { return this.#value?.accessToken ?? null; }

  get user() { return this.#value?.user ?? null; }

  /** Stores the answer of register or login. */
  start({ user, accessToken, expiresAt }) {
    this.#value = { user, accessToken, expiresAt };
    localStorage.setItem(KEY, JSON.stringify(this.#value));
    this.dispatchEvent(new Event('change'));
  }

  /** Signs out (also used when the server answers 401). */
  end() {
    if (this.#value === null && localStorage.getItem(KEY) === null) return;
    this.#value = null;
    localStorage.removeItem(KEY);
    this.dispatchEvent(new Event('change'));
  }
}

export const session = new Session();

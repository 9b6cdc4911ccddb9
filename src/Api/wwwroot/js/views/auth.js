// Sign in and create an account.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { session } from '../session.js';

function field(id, label, attributes) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name: id, required: true, ...attributes }));
}

function authForm({ id, title, fields, submitText, submit }) {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary' }, submitText);
  const form = h('form', { id, class: 'auth-form', 'aria-labelledby': `${id}-title`, novalidate: false },
    h('h2', { id: `${id}-title` }, title), ...fields, error, button);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.textContent = '';
    button.disabled = true;
    try {
      session.start(await submit(new FormData(form)));
    } catch (failure) {
      error.textContent = failure.detail ? `${failure.title} ${failure.detail}` : failure.title;
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** Shows both forms in the main region. */
export function renderAuth(main) {
  const signIn = authForm({
    id: 'sign-in',
    title: 'Sign in',
    submitText: 'Sign in',
    fields: [
      field('sign-in-username', 'Username', { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' }),
      field('sign-in-password', 'Password', { type: 'password', autocomplete: 'current-password' }),
    ],
    submit: data => api.login(data.get('sign-in-username').trim(), data.get('sign-in-password')),
  });
  const register = authForm({
    id: 'register',
    title: 'Create an account',
    submitText: 'Create account',
    fields: [
      field('register-username', 'Username', {
        autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', minlength: '3', maxlength: '32',
        pattern: '[A-Za-z0-9_.\\-]{3,32}', 'aria-describedby': 'register-username-hint',
      }),
      h('p', { id: 'register-username-hint', class: 'hint' }, '3 to 32 letters, digits, dots, dashes or underscores.'),
      h('div', { class: 'field' },
        h('label', { for: 'register-display-name' }, 'Display name (optional)'),
        h('input', { id: 'register-display-name', name: 'register-display-name', maxlength: '64', autocomplete: 'nickname' })),
      field('register-password', 'Password', {
        type: 'password', autocomplete: 'new-password', minlength: '8', 'aria-describedby': 'register-password-hint',
      }),
      h('p', { id: 'register-password-hint', class: 'hint' }, 'At least 8 characters.'),
    ],
    submit: data => api.register(
      data.get('register-username').trim(), data.get('register-password'), data.get('register-display-name').trim()),
  });
  replace(main, h('section', { class: 'auth', 'aria-label': 'Welcome' },
    h('h1', { class: 'auth-heading' }, 'Welcome to ChatBlock'),
    h('div', { class: 'auth-forms' }, signIn, register)));
  main.querySelector('#sign-in-username').focus();
}

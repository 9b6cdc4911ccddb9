// A menu button (WAI-ARIA Authoring Practices "Menu Button"): Enter, Space or ArrowDown opens it on the first item,
// ArrowUp/ArrowDown/Home/End move, Escape closes and returns focus to the button, Tab or a click elsewhere closes it.
import { h } from './dom.js';

let openMenu = null;

document.addEventListener('click', event => {
  if (openMenu && !openMenu.wrapper.contains(event.target)) openMenu.close(false);
});

/** items: [{ text, onSelect, className }]. */
export function menuButton({ label, icon = '⋮', items, className = '' }) {
  const menu = h('ul', { class: 'menu', role: 'menu', hidden: true });
  const button = h('button', {
    type: 'button', class: 'menu-button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-label': label, title: label,
  }, h('span', { 'aria-hidden': 'true' }, icon));
  const wrapper = h('div', { class: `menu-wrapper ${className}` }, button, menu);
  const entries = items.map(item => h('button', {
    type: 'button', role: 'menuitem', tabindex: '-1', class: `menu-item ${item.className ?? ''}`,
    onclick: () => { control.close(true); item.onSelect(); },
  }, item.text));
  menu.append(...entries.map(entry => h('li', { role: 'none' }, entry)));

  const control = {
    wrapper,
    open(focusIndex = 0) {
      if (openMenu && openMenu !== control) openMenu.close(false);
      menu.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      openMenu = control;
      entries.at(focusIndex)?.focus();
    },
    close(returnFocus) {
      menu.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      if (openMenu === control) openMenu = null;
      if (returnFocus) button.focus();
    },
  };

  button.addEventListener('click', () => (menu.hidden ? control.open() : control.close(true)));
  button.addEventListener('keydown', event => {
    if (event.key === 'ArrowDown') { event.preventDefault(); control.open(0); }
    if (event.key === 'ArrowUp') { event.preventDefault(); control.open(-1); }
  });
  menu.addEventListener('keydown', event => {
    const index = entries.indexOf(document.activeElement);
    const move = next => { event.preventDefault(); entries.at(next % entries.length)?.focus(); };
    switch (event.key) {
      case 'ArrowDown': move(index + 1); break;
      case 'ArrowUp': move(index - 1 + entries.length); break;
      case 'Home': move(0); break;
      case 'End': move(entries.length - 1); break;
      case 'Escape': event.preventDefault(); control.close(true); break;
      case 'Tab': control.close(false); break;
    }
  });
  return wrapper;
}

// Building the page from elements, never from HTML strings: what the API returns is always text.

/** h('a', {href: '#/'}, 'Home', child...) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content (null and false children are left out, unlike the DOM's replaceChildren). */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** Replaces the main area and moves focus there, so screen readers announce the new page. */
export function show(...children) {
  const main = document.getElementById('main');
  main.replaceChildren();
  append(main, children);
  const heading = main.querySelector('h1')?.textContent;
  document.title = heading ? `${heading} · Emporium` : 'Emporium'; // each page its own title, for tabs and screen readers
  main.focus({ preventScroll: true });
}

let navigation = 0;
let flashedAt = -1;

/** Called by the router on every navigation: a message outlives the navigation it was set just before, no more. */
export function navigated() {
  navigation += 1;
  if (flashedAt < navigation - 1) flash('');
}

export function flash(message, kind = 'info') {
  const box = document.getElementById('flash');
  box.replaceChildren(message ? h('p', { class: `flash ${kind}` }, message) : '');
  if (message) flashedAt = navigation;
}

export function money(amount, currency = 'USD') {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(Number(amount));
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** A labelled form field; errors from the API are shown next to it (id `error-<name>`). */
export function field(label, name, attributes = {}) {
  const id = `field-${name}`;
  const input = attributes.type === 'textarea'
    ? h('textarea', { id, name, ...attributes, type: undefined, 'aria-describedby': `error-${name}` })
    : h('input', { id, name, ...attributes, 'aria-describedby': `error-${name}` });
  return h('div', { class: 'field' }, h('label', { for: id }, label), input,
    h('span', { class: 'field-error', id: `error-${name}` }));
}

/** Shows a problem+json answer: field errors beside their fields, the rest in the flash area. */
export function showProblem(form, problem) {
  form?.querySelectorAll('.field-error').forEach((span) => { span.textContent = ''; });
  const unplaced = [];
  for (const error of problem?.errors ?? []) {
    const span = form?.querySelector(`#error-${CSS.escape(error.field.split('.').pop())}`)
      ?? form?.querySelector(`#error-${CSS.escape(error.field.replaceAll('.', '-'))}`);
    if (span) span.textContent = error.message; else unplaced.push(`${error.field}: ${error.message}`);
  }
  flash([problem?.detail ?? problem?.title ?? 'Something went wrong.', ...unplaced].join(' '), 'error');
}

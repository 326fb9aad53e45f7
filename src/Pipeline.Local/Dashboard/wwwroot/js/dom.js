// DOM helpers. Every value shown goes through textContent or setAttribute, never innerHTML, because execution
// input, outputs and error causes are user data.

/**
 * Creates an element: h('a', { href: '#/', class: 'link' }, 'text', childElement).
 * Attributes starting with "on" take functions and become event listeners; null and false attributes are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }

    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }

  append(element, children);
  return element;
}

/** Appends strings (as text), numbers, nodes and nested arrays of them; null and undefined are skipped. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }

    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  return parent;
}

/** Replaces the children of an element. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** Converts an API timestamp (epoch seconds, as the JSON protocol sends it, or ISO text) to a Date. */
export function toDate(value) {
  if (value === null || value === undefined || value === '') {
    return null;
  }

  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const pad = (number, width = 2) => String(number).padStart(width, '0');

/** Formats a timestamp as local "YYYY-MM-DD HH:MM:SS.mmm", with the UTC ISO form as a tooltip. */
export function time(value) {
  const date = toDate(value);
  if (!date) {
    return h('span', { class: 'muted' }, '-');
  }

  const text = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  return h('time', { datetime: date.toISOString(), title: date.toISOString() }, text);
}

/** Formats the time between two timestamps (the second defaults to now) as "1 h 2 min", "3.4 s" or "120 ms". */
export function duration(start, stop) {
  const from = toDate(start);
  if (!from) {
    return '-';
  }

  const milliseconds = (toDate(stop) || new Date()).getTime() - from.getTime();
  if (milliseconds < 1000) {
    return `${Math.max(0, milliseconds)} ms`;
  }

  const seconds = milliseconds / 1000;
  if (seconds < 60) {
    return `${seconds.toFixed(1)} s`;
  }

  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ${Math.floor(seconds % 60)} s`;
  }

  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Creates a status badge. Its CSS class is derived from the status text, so unknown statuses still render. */
export function badge(status) {
  const text = status || 'UNKNOWN';
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return h('span', { class: `badge status-${slug}`, 'data-status': text }, text);
}

/** Pretty-prints JSON text or a value; text that is not JSON is shown as it is. */
export function prettyJson(value) {
  if (value === null || value === undefined) {
    return '';
  }

  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }

  return JSON.stringify(value, null, 2);
}

/** Creates a <pre> block with pretty-printed JSON, or a muted placeholder when there is none. */
export function jsonBlock(value, emptyText = 'None') {
  const text = prettyJson(value);
  return text === '' ? h('p', { class: 'muted' }, emptyText) : h('pre', { class: 'json' }, text);
}

/**
 * Creates a table from columns of the form [{ title, cell: item => content, className }]. An empty list shows
 * emptyText instead.
 */
export function table(columns, items, emptyText, attributes = {}) {
  if (!items || items.length === 0) {
    return h('p', { class: 'empty', 'data-empty': 'true' }, emptyText);
  }

  return h('table', { class: 'grid', ...attributes },
    h('thead', {}, h('tr', {}, columns.map(column => h('th', { scope: 'col' }, column.title)))),
    h('tbody', {}, items.map(item => h('tr', {}, columns.map(column => h('td', { class: column.className }, column.cell(item)))))));
}

/** Creates a definition list of label/value pairs. Values may be strings or nodes, and pairs with undefined values are skipped. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs
    .filter(([, value]) => value !== undefined)
    .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value === null || value === '' ? h('span', { class: 'muted' }, '-') : value)]));
}

/** Creates a visible error box for a failed API call or action. */
export function errorBox(error, context) {
  const code = error && error.code ? error.code : (error && error.name) || 'Error';
  const message = error && error.message ? error.message : String(error);
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, context ? `${context}: ` : ''),
    h('span', { class: 'error-code' }, code),
    ' ',
    h('span', { class: 'error-message' }, message));
}

/** Creates a collapsible section with a JSON document, for the full API response. */
export function rawJson(title, value) {
  return h('details', { class: 'raw' }, h('summary', {}, title), jsonBlock(value));
}

/** Encodes a value for a hash route segment. */
export const segment = value => encodeURIComponent(value);

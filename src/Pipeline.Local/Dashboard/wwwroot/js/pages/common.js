import { h, replace, table, errorBox } from '../dom.js';

/**
 * Renders a table that reloads every interval milliseconds, with the items that load() returns. A failed load
 * shows its error in place of the table, or a notice when the runtime does not serve the operation.
 */
export async function liveTable(view, container, { load, columns, empty, id, resourceName, interval = 3000 }) {
  const body = h('div');
  container.append(body);
  let previous = null;
  const refresh = async () => {
    let items;
    try {
      items = await load();
    } catch (error) {
      previous = null;
      replace(body, error.unsupported
        ? h('p', { class: 'empty' }, `This local runtime does not serve ${error.operation}, so there are no ${resourceName} to show.`)
        : errorBox(error, `Could not list ${resourceName}`));
      if (error.unsupported) {
        return false;
      }

      throw error;
    }

    const text = JSON.stringify(items);
    if (text !== previous) {
      previous = text;
      replace(body, table(columns, items, empty, { id }));
    }

    return true;
  };

  if (await refresh().catch(() => true)) {
    view.poll(refresh, interval);
  }
}

/** Loads and renders a detail page once a second until done(response) is true; errors show in place of the page. */
export async function liveDetail(view, container, { load, render, done, resourceName }) {
  const body = h('div');
  container.append(body);
  let previous = null;
  const refresh = async () => {
    let response;
    try {
      response = await load();
    } catch (error) {
      previous = null;
      replace(body, errorBox(error, `Could not load ${resourceName}`));
      return !error.unsupported && error.httpStatus !== 400;
    }

    const text = JSON.stringify(response);
    if (text !== previous) {
      previous = text;
      replace(body, render(response));
    }

    return !done(response);
  };

  if (await refresh()) {
    view.poll(refresh, 1000);
  }
}

export const crumbs = (href, text) => h('p', { class: 'crumbs' }, h('a', { href }, text));

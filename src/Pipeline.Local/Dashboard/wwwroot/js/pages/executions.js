import { h } from '../dom.js';
import { executionsList } from './executions-list.js';

/** #/executions: every execution of every state machine, with filters. */
export async function executionsPage(view) {
  view.root.append(h('h1', {}, 'Executions'));
  await executionsList(view, view.root, null, '#/executions');
}

// The executions table with its status and state machine filters, shared by the Executions page and a state
// machine's page. It lists executions per state machine with ListExecutions, as the console does.

import { call, callAll } from '../api.js';
import { h, replace, table, badge, time, duration, errorBox, segment } from '../dom.js';

/** The execution statuses of the Step Functions API, in the console's order. */
export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

export const machineName = arn => (arn || '').split(':').pop();

/** Returns every execution of the given state machines (all when machineArns is null), newest first. */
export async function listExecutions(machineArns, status) {
  const arns = machineArns || (await callAll('states', 'ListStateMachines', {}, 'stateMachines')).map(m => m.stateMachineArn);
  const lists = await Promise.all(arns.map(stateMachineArn => callAll(
    'states', 'ListExecutions', { stateMachineArn, maxResults: 1000, ...(status ? { statusFilter: status } : {}) }, 'executions')));
  return lists.flat().sort((a, b) => (b.startDate || 0) - (a.startDate || 0));
}

/**
 * Renders the filter bar and the executions table into view.root and polls it. fixedMachineArn limits it to one
 * state machine; otherwise the state machine filter comes from the query (?stateMachineArn=...). The status filter
 * comes from ?status=... and changing a filter rewrites the URL, so a filtered view can be bookmarked.
 */
export async function executionsList(view, container, fixedMachineArn, baseHash) {
  const status = view.query.get('status') || '';
  const machineArn = fixedMachineArn || view.query.get('stateMachineArn') || '';
  const navigate = changes => {
    const query = new URLSearchParams(view.query);
    Object.entries(changes).forEach(([key, value]) => (value ? query.set(key, value) : query.delete(key)));
    const text = query.toString();
    location.hash = text ? `${baseHash}?${text}` : baseHash;
  };

  const statusSelect = h('select', { id: 'status-filter', 'aria-label': 'Status', onchange: event => navigate({ status: event.target.value }) },
    h('option', { value: '' }, 'Any status'),
    EXECUTION_STATUSES.map(value => h('option', { value, selected: value === status }, value)));
  const filters = h('div', { class: 'filters' }, h('label', { for: 'status-filter' }, 'Status '), statusSelect);
  if (!fixedMachineArn) {
    const machineSelect = h('select', { id: 'machine-filter', 'aria-label': 'State machine', onchange: event => navigate({ stateMachineArn: event.target.value }) },
      h('option', { value: '' }, 'All state machines'));
    filters.prepend(h('label', { for: 'machine-filter' }, 'State machine '), machineSelect, ' ');
    call('states', 'ListStateMachines', {}).then(response => {
      for (const machine of response.stateMachines || []) {
        machineSelect.append(h('option', { value: machine.stateMachineArn, selected: machine.stateMachineArn === machineArn }, machine.name));
      }
    }).catch(error => filters.append(errorBox(error, 'Could not list state machines')));
  }

  const count = h('span', { class: 'muted count' });
  filters.append(' ', count);
  const body = h('div', { class: 'executions' });
  container.append(filters, body);

  let previous = null;
  const refresh = async () => {
    let executions;
    try {
      executions = await listExecutions(machineArn ? [machineArn] : null, status || null);
    } catch (error) {
      previous = null;
      replace(body, errorBox(error, 'Could not list executions'));
      throw error;
    }

    const text = JSON.stringify(executions);
    if (text === previous) {
      return;
    }

    previous = text;
    count.textContent = `${executions.length} execution${executions.length === 1 ? '' : 's'}`;
    replace(body, table([
      { title: 'Name', cell: e => h('a', { href: `#/executions/${segment(e.executionArn)}`, class: 'execution-link' }, e.name) },
      { title: 'Status', cell: e => badge(e.status) },
      { title: 'State machine', cell: e => h('a', { href: `#/state-machines/${segment(e.stateMachineArn)}` }, machineName(e.stateMachineArn)) },
      { title: 'Start time', cell: e => time(e.startDate) },
      { title: 'End time', cell: e => time(e.stopDate) },
      { title: 'Duration', cell: e => duration(e.startDate, e.stopDate) },
    ], executions, status ? `No execution has the status ${status}.` : 'No executions yet. Start one with "pipeline run FILE" or StartExecution.',
    { id: 'executions-table' }));
  };

  await refresh().catch(() => {});
  view.poll(refresh, 2000);
}

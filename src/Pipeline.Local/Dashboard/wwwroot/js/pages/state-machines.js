import { call, callAll } from '../api.js';
import { h, replace, table, time, errorBox, facts, rawJson, segment } from '../dom.js';
import { renderGraph } from '../graph.js';
import { executionsList } from './executions-list.js';

const countOf = (executions, status) => executions.filter(e => e.status === status).length;

/** #/: the state machines with the number of executions in each status. */
export async function stateMachinesPage(view) {
  const body = h('div');
  view.root.append(h('h1', {}, 'State machines'), body);
  let previous = null;
  const refresh = async () => {
    let rows;
    try {
      const machines = await callAll('states', 'ListStateMachines', {}, 'stateMachines');
      rows = await Promise.all(machines.map(async machine => ({
        machine,
        executions: await callAll('states', 'ListExecutions', { stateMachineArn: machine.stateMachineArn, maxResults: 1000 }, 'executions'),
      })));
    } catch (error) {
      previous = null;
      replace(body, errorBox(error, 'Could not list state machines'));
      throw error;
    }

    const text = JSON.stringify(rows);
    if (text === previous) {
      return;
    }

    previous = text;
    replace(body, table([
      { title: 'Name', cell: r => h('a', { href: `#/state-machines/${segment(r.machine.stateMachineArn)}` }, r.machine.name) },
      { title: 'Type', cell: r => r.machine.type },
      { title: 'Running', cell: r => countOf(r.executions, 'RUNNING'), className: 'number' },
      { title: 'Succeeded', cell: r => countOf(r.executions, 'SUCCEEDED'), className: 'number' },
      { title: 'Failed', cell: r => countOf(r.executions, 'FAILED'), className: 'number' },
      { title: 'Timed out', cell: r => countOf(r.executions, 'TIMED_OUT'), className: 'number' },
      { title: 'Aborted', cell: r => countOf(r.executions, 'ABORTED'), className: 'number' },
      { title: 'Total', cell: r => h('a', { href: `#/executions?stateMachineArn=${segment(r.machine.stateMachineArn)}` }, String(r.executions.length)), className: 'number' },
      { title: 'Created', cell: r => time(r.machine.creationDate) },
    ], rows, 'The template declares no state machine.', { id: 'state-machines-table' }));
  };

  await refresh().catch(() => {});
  view.poll(refresh, 3000);
}

/** #/state-machines/ARN: the definition as a graph and the machine's executions. */
export async function stateMachinePage(view, arn) {
  view.root.append(h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'State machines')));
  let machine;
  try {
    machine = await call('states', 'DescribeStateMachine', { stateMachineArn: arn });
  } catch (error) {
    view.root.append(h('h1', {}, arn), errorBox(error, 'Could not describe the state machine'));
    return;
  }

  view.root.append(
    h('h1', {}, machine.name),
    facts([
      ['ARN', h('code', {}, machine.stateMachineArn)],
      ['Type', machine.type],
      ['Status', machine.status],
      ['Role', machine.roleArn ? h('code', {}, machine.roleArn) : null],
      ['Created', time(machine.creationDate)],
    ]));

  const graph = h('div', { class: 'graph-scroll' });
  try {
    graph.append(renderGraph(JSON.parse(machine.definition), null, null));
  } catch (error) {
    graph.append(errorBox(error, 'Could not draw the definition'));
  }

  view.root.append(
    h('details', { class: 'section', open: true }, h('summary', {}, 'Definition'), graph, rawJson('Definition JSON', JSON.parse(machine.definition))),
    h('h2', {}, 'Executions'));
  await executionsList(view, view.root, arn, `#/state-machines/${segment(arn)}`);
}

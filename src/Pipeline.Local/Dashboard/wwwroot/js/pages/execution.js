// #/executions/ARN: one execution, as the Step Functions console shows it: summary, Stop and Redrive, the graph
// colored by each state's outcome, the selected state's input and output, and the event history.

import { call, callAll } from '../api.js';
import { h, replace, badge, time, duration, facts, errorBox, jsonBlock, prettyJson, segment, toDate } from '../dom.js';
import { renderGraph } from '../graph.js';
import { stateOutcomes, eventDetails, eventStateName, OUTCOMES } from '../outcomes.js';
import { machineName } from './executions-list.js';

const REDRIVABLE_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'];

/** Parses the input and output members of event details, which hold JSON as text, so they print as JSON. */
function readableDetails(event) {
  const details = eventDetails(event);
  if (!details) {
    return null;
  }

  const copy = { ...details };
  for (const key of ['input', 'output', 'parameters']) {
    if (typeof copy[key] === 'string') {
      try {
        copy[key] = JSON.parse(copy[key]);
      } catch {
        // Not JSON: keep the text.
      }
    }
  }

  return copy;
}

/** Creates a two-step button: the first click shows a confirmation prompt beside it, and the second runs the action. */
function confirmButton(label, question, className, action) {
  const wrapper = h('span', { class: 'confirm' });
  const start = h('button', { type: 'button', class: className, onclick: () => replace(wrapper, prompt) }, label);
  const prompt = h('span', { class: 'confirm-prompt' },
    question, ' ',
    h('button', { type: 'button', class: `${className} confirm-yes`, onclick: () => { replace(wrapper, start); action(); } }, `Confirm ${label.toLowerCase()}`),
    ' ',
    h('button', { type: 'button', class: 'secondary', onclick: () => replace(wrapper, start) }, 'Cancel'));
  wrapper.append(start);
  return wrapper;
}

export async function executionPage(view, executionArn) {
  const state = { expanded: new Set(), selected: null, signature: null, describe: null, events: [], definition: null, definitionError: null };
  const title = h('h1', {}, machineName(executionArn));
  const actions = h('div', { class: 'actions' });
  const message = h('div', { class: 'action-message' });
  const summary = h('div');
  const failure = h('div');
  const graph = h('div', { class: 'graph-scroll', id: 'graph' });
  const legend = h('ul', { class: 'legend' }, [...OUTCOMES, 'not-run'].map(outcome => h('li', { class: `outcome-${outcome}` }, h('span', { class: 'swatch' }), outcome.replace('-', ' '))));
  const statePanel = h('aside', { class: 'state-panel', id: 'state-panel' }, h('p', { class: 'muted' }, 'Select a state to see its input and output.'));
  const io = h('div', { class: 'columns' });
  const history = h('div', { id: 'history' });
  view.root.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/executions' }, 'Executions')),
    title, actions, message, summary, failure,
    h('section', { class: 'section' }, h('h2', {}, 'Graph view'), legend, h('div', { class: 'graph-layout' }, graph, statePanel)),
    h('section', { class: 'section' }, h('h2', {}, 'Execution input and output'), io),
    h('section', { class: 'section' }, h('h2', {}, 'Events'), history));

  const showStatePanel = () => {
    if (!state.selected) {
      return;
    }

    const { name, definition } = state.selected;
    const entry = state.outcomes?.get(name);
    const last = entry?.occurrences[entry.occurrences.length - 1];
    replace(statePanel,
      h('h3', {}, name),
      facts([
        ['Type', definition?.Type || last?.type || '-'],
        ['Outcome', entry ? badge(entry.outcome.toUpperCase()) : badge('NOT RUN')],
        ['Times entered', String(entry ? entry.occurrences.length : 0)],
      ]),
      last?.failure ? h('div', { class: 'error', role: 'alert' }, h('span', { class: 'error-code' }, last.failure.error || last.failure.eventType), ' ', h('span', { class: 'error-message' }, last.failure.cause || '')) : null,
      h('h4', {}, entry && entry.occurrences.length > 1 ? 'Input (last time entered)' : 'Input'), jsonBlock(last?.input, 'Not entered.'),
      h('h4', {}, 'Output'), jsonBlock(last?.output, last ? 'No output yet.' : 'Not entered.'),
      h('details', {}, h('summary', {}, 'Definition'), jsonBlock(definition)));
  };

  const renderSummary = () => {
    const d = state.describe;
    title.textContent = d.name;
    title.append(' ', badge(d.status));
    replace(summary, facts([
      ['Execution ARN', h('code', {}, d.executionArn)],
      ['State machine', h('a', { href: `#/state-machines/${segment(d.stateMachineArn)}` }, machineName(d.stateMachineArn))],
      ['Status', badge(d.status)],
      ['Start time', time(d.startDate)],
      ['End time', time(d.stopDate)],
      ['Duration', duration(d.startDate, d.stopDate)],
      ['Redrive count', d.redriveCount === undefined ? undefined : String(d.redriveCount)],
      ['Last redrive', d.redriveDate === undefined ? undefined : time(d.redriveDate)],
    ]));
    replace(failure, d.error || d.cause
      ? h('div', { class: 'error execution-error', role: 'alert' },
        h('strong', {}, 'Error: '), h('span', { class: 'error-code' }, d.error || '-'),
        d.cause ? [h('br'), h('strong', {}, 'Cause: '), h('pre', { class: 'cause' }, prettyJson(d.cause))] : null)
      : null);
    replace(io,
      h('div', {}, h('h3', {}, 'Input'), jsonBlock(d.input, 'No input.')),
      h('div', {}, h('h3', {}, 'Output'), jsonBlock(d.output, d.status === 'RUNNING' ? 'The execution is still running.' : 'No output.')));
  };

  const renderActions = () => {
    const d = state.describe;
    const buttons = [];
    if (d.status === 'RUNNING') {
      buttons.push(confirmButton('Stop', 'Stop this execution?', 'danger stop-execution', () => act('StopExecution', 'Stop requested.')));
    }

    const redrivable = d.redriveStatus ? d.redriveStatus === 'REDRIVABLE' : REDRIVABLE_STATUSES.includes(d.status);
    if (redrivable) {
      buttons.push(confirmButton('Redrive', 'Redrive from the state that did not finish?', 'primary redrive-execution', () => act('RedriveExecution', 'Redrive started.')));
    } else if (d.redriveStatusReason && REDRIVABLE_STATUSES.includes(d.status)) {
      buttons.push(h('span', { class: 'muted' }, `Cannot redrive: ${d.redriveStatusReason}`));
    }

    replace(actions, buttons);
  };

  const renderGraphView = () => {
    state.outcomes = stateOutcomes(state.events, state.describe.status);
    if (!state.definition) {
      replace(graph, errorBox(state.definitionError, 'Could not load the state machine definition'));
      return;
    }

    replace(graph, renderGraph(state.definition, state.outcomes, (name, definition) => {
      state.selected = { name, definition };
      graph.querySelectorAll('.selected').forEach(node => node.classList.remove('selected'));
      graph.querySelector(`[data-state="${CSS.escape(name)}"]`)?.classList.add('selected');
      showStatePanel();
    }));
    if (state.selected) {
      graph.querySelector(`[data-state="${CSS.escape(state.selected.name)}"]`)?.classList.add('selected');
      showStatePanel();
    }
  };

  const renderHistory = () => {
    const start = toDate(state.events[0]?.timestamp);
    if (state.events.length === 0) {
      replace(history, h('p', { class: 'empty' }, 'The history has no events yet.'));
      return;
    }

    const body = state.events.map(event => {
      const details = readableDetails(event);
      const open = state.expanded.has(event.id);
      const detailRow = h('tr', { class: 'event-details', hidden: !open }, h('td', { colspan: 7 }, details ? jsonBlock(details) : h('p', { class: 'muted' }, 'This event has no details.')));
      const toggle = h('button', {
        type: 'button', class: 'toggle', 'aria-expanded': String(open), 'aria-label': `Details of event ${event.id}`,
        onclick: () => {
          const nowOpen = !state.expanded.has(event.id);
          nowOpen ? state.expanded.add(event.id) : state.expanded.delete(event.id);
          detailRow.hidden = !nowOpen;
          toggle.setAttribute('aria-expanded', String(nowOpen));
        },
      }, '\u25B8');
      const at = toDate(event.timestamp);
      return h('tbody', { 'data-event-id': event.id, 'data-event-type': event.type },
        h('tr', { class: /(Failed|TimedOut|Aborted)$/.test(event.type) ? 'event-row event-failure' : 'event-row' },
          h('td', {}, toggle),
          h('td', { class: 'number' }, String(event.id)),
          h('td', { class: 'event-type' }, event.type),
          h('td', {}, eventStateName(event) || ''),
          h('td', { class: 'number' }, event.previousEventId === undefined ? '' : String(event.previousEventId)),
          h('td', {}, time(event.timestamp)),
          h('td', { class: 'number' }, start && at ? `${at.getTime() - start.getTime()} ms` : '')),
        detailRow);
    });
    replace(history, h('table', { class: 'grid history', id: 'history-table' },
      h('thead', {}, h('tr', {}, ['', 'ID', 'Type', 'Step', 'Previous ID', 'Timestamp', 'Elapsed'].map(text => h('th', { scope: 'col' }, text)))),
      body));
  };

  const refresh = async () => {
    try {
      const [describe, events] = await Promise.all([
        call('states', 'DescribeExecution', { executionArn }),
        callAll('states', 'GetExecutionHistory', { executionArn, maxResults: 1000 }, 'events', 100),
      ]);
      if (!state.definition && !state.definitionError) {
        // Without the definition the page still shows the execution and its history, with the error in place of the graph.
        try {
          const machine = await call('states', 'DescribeStateMachineForExecution', { executionArn });
          state.definition = JSON.parse(machine.definition);
        } catch (error) {
          state.definitionError = error;
        }
      }

      const signature = `${describe.status}|${describe.redriveCount}|${events.length}`;
      state.describe = describe;
      state.events = events;
      renderSummary();
      if (signature !== state.signature) {
        state.signature = signature;
        renderActions();
        renderGraphView();
        renderHistory();
      }
    } catch (error) {
      if (!state.describe) {
        replace(summary, errorBox(error, error.code === 'ExecutionDoesNotExist' ? 'No such execution' : 'Could not load the execution'));
        return false;
      }

      replace(message, errorBox(error, 'Could not refresh the execution'));
      throw error;
    }

    return state.describe.status === 'RUNNING';
  };

  const act = async (operation, done) => {
    replace(message, h('p', { class: 'muted' }, `${operation} sent...`));
    try {
      await call('states', operation, { executionArn });
      replace(message, h('p', { class: 'notice', role: 'status' }, done));
    } catch (error) {
      replace(message, errorBox(error, `${operation} failed`));
      return;
    }

    const wasPolling = state.describe.status === 'RUNNING';
    state.signature = null;
    const running = await refresh().catch(() => true);
    if (running && !wasPolling) {
      view.poll(refresh, 1000);
    }
  };

  if (await refresh() && view.active) {
    view.poll(refresh, 1000);
  }
}

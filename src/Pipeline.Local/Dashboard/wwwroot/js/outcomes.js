// Derives each state's outcome from an execution history (GetExecutionHistory events, in id order).
//
// An occurrence of a state starts with its *StateEntered event. Other events belong to the occurrence reached by
// following previousEventId back to the nearest *StateEntered event (TaskFailed -> TaskStarted -> TaskScheduled ->
// TaskStateEntered; ParallelStateFailed -> ParallelStateStarted -> ParallelStateEntered).
//
// | entered | failure event of its own | exited | outcome                                                  |
// |---------|--------------------------|--------|----------------------------------------------------------|
// | yes     | no                       | yes    | succeeded                                                |
// | yes     | yes                      | yes    | caught (a Catch handled the error)                       |
// | yes     | yes, or a Fail state     | no     | failed                                                   |
// | yes     | *StateAborted            | no     | cancelled (StopExecution, or a sibling branch failed)    |
// | yes     | no                       | no     | running; failed when the execution timed out; else cancelled |
//
// A state entered several times (Map iterations, loops) shows the most severe outcome. After ExecutionRedriven,
// the occurrences of the redriven run replace the earlier ones of the same state.

/** Outcomes from most to least severe; a state entered more than once shows the first that applies. */
export const OUTCOMES = ['running', 'failed', 'caught', 'cancelled', 'succeeded'];

const isFailureEvent = type =>
  /(Failed|TimedOut)$/.test(type) && !type.startsWith('Execution') && !type.startsWith('MapIteration') && !type.startsWith('MapRun');

/** Returns the "...EventDetails" member of an event, or null. */
export function eventDetails(event) {
  const key = Object.keys(event).find(name => name.endsWith('EventDetails'));
  return key ? event[key] : null;
}

/** Returns the state name an event refers to (entered, exited, Map iteration), or null. */
export function eventStateName(event) {
  const details = eventDetails(event);
  return details && typeof details.name === 'string' ? details.name : null;
}

/**
 * Computes the outcome of every state that appears in the history.
 * Returns a Map from state name to { outcome, occurrences }, where each occurrence has
 * { name, type, enteredId, exitedId, input, output, failure, redrive }.
 */
export function stateOutcomes(events, executionStatus) {
  const byId = new Map(events.map(event => [event.id, event]));
  const occurrenceByEnteredId = new Map();
  const ownerCache = new Map();
  const occurrences = [];
  let redrive = 0;

  const ownerOf = event => {
    const visited = [];
    let current = event;
    let owner = null;
    while (current) {
      if (ownerCache.has(current.id)) {
        owner = ownerCache.get(current.id);
        break;
      }

      if (current.type.endsWith('StateEntered')) {
        owner = occurrenceByEnteredId.get(current.id) || null;
        break;
      }

      visited.push(current.id);
      current = current.previousEventId ? byId.get(current.previousEventId) : null;
    }

    visited.forEach(id => ownerCache.set(id, owner));
    return owner;
  };

  for (const event of events) {
    const type = event.type || '';
    if (type === 'ExecutionRedriven') {
      redrive += 1;
      continue;
    }

    if (type.endsWith('StateEntered')) {
      const details = eventDetails(event) || {};
      const occurrence = {
        name: details.name,
        type: type.slice(0, -'StateEntered'.length),
        enteredId: event.id,
        exitedId: null,
        input: details.input,
        output: undefined,
        failure: null,
        aborted: false,
        redrive,
      };
      occurrences.push(occurrence);
      occurrenceByEnteredId.set(event.id, occurrence);
      continue;
    }

    if (type.endsWith('StateExited')) {
      const name = eventStateName(event);
      let occurrence = ownerOf(event);
      if (!occurrence || occurrence.name !== name) {
        occurrence = [...occurrences].reverse().find(o => o.name === name && o.exitedId === null) || null;
      }

      if (occurrence) {
        occurrence.exitedId = event.id;
        occurrence.output = (eventDetails(event) || {}).output;
      }

      continue;
    }

    if (type.endsWith('StateAborted')) {
      const occurrence = ownerOf(event);
      if (occurrence) {
        occurrence.aborted = true;
      }

      continue;
    }

    if (isFailureEvent(type)) {
      const occurrence = ownerOf(event);
      if (occurrence && !occurrence.failure) {
        const details = eventDetails(event) || {};
        occurrence.failure = { eventType: type, error: details.error, cause: details.cause };
      }
    }
  }

  const openOutcome = () => {
    switch (executionStatus) {
      case 'RUNNING':
        return 'running';
      case 'TIMED_OUT':
        return 'failed';
      default:
        return 'cancelled';
    }
  };

  const outcomeOf = occurrence => {
    if (occurrence.exitedId !== null) {
      return occurrence.failure ? 'caught' : 'succeeded';
    }

    if (occurrence.failure || occurrence.type === 'Fail') {
      return 'failed';
    }

    if (occurrence.aborted) {
      return 'cancelled';
    }

    // An occurrence left open by an earlier run of a redriven execution was stopped by that run's end.
    return occurrence.redrive < redrive ? 'cancelled' : openOutcome();
  };

  const result = new Map();
  for (const occurrence of occurrences) {
    occurrence.outcome = outcomeOf(occurrence);
    const entry = result.get(occurrence.name) || { outcome: null, occurrences: [] };
    entry.occurrences.push(occurrence);
    result.set(occurrence.name, entry);
  }

  for (const entry of result.values()) {
    const latestRedrive = Math.max(...entry.occurrences.map(o => o.redrive));
    const current = entry.occurrences.filter(o => o.redrive === latestRedrive);
    entry.outcome = OUTCOMES.find(outcome => current.some(o => o.outcome === outcome)) || 'succeeded';
  }

  return result;
}

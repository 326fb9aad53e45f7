// Draws an Amazon States Language definition as an SVG graph: states top to bottom, transitions as arrows
// (Next, Choice rules and Default, Catch), Parallel branches and Map item processors nested inside their state.
//
// Layout: a depth-first search from StartAt marks the edges that lead back to a state on the search path (loops).
// The other edges form a DAG, and each state's row is the longest path to it from StartAt. Rows are centered;
// each row is ordered by the mean position of its predecessors in the row above. Loops are drawn on the right.

const SVG = 'http://www.w3.org/2000/svg';
const NODE_HEIGHT = 44;
const MIN_NODE_WIDTH = 120;
const GAP_X = 28;
const GAP_Y = 52;
const PADDING = 16;
const HEADER = 34;
const LOOP_MARGIN = 36;
const END = '\u0000end';
const START = '\u0000start';

let measureContext = null;

function textWidth(text, font) {
  if (!measureContext) {
    measureContext = document.createElement('canvas').getContext('2d');
  }

  measureContext.font = font;
  return measureContext.measureText(text).width;
}

/** Summarizes a Choice rule for its edge label: "$.x NumericEquals 1", a JSONata Condition, or "And (2 rules)". */
export function describeChoiceRule(rule, index) {
  if (typeof rule.Condition === 'string') {
    return rule.Condition;
  }

  for (const combinator of ['And', 'Or']) {
    if (Array.isArray(rule[combinator])) {
      return `${combinator} (${rule[combinator].length} rules)`;
    }
  }

  if (rule.Not) {
    return `Not (${describeChoiceRule(rule.Not, index)})`;
  }

  const operator = Object.keys(rule).find(key => !['Variable', 'Next', 'Comment', 'Assign', 'Output'].includes(key));
  if (rule.Variable && operator) {
    const operand = rule[operator];
    return `${rule.Variable} ${operator} ${typeof operand === 'string' ? operand : JSON.stringify(operand)}`;
  }

  return `Rule ${index + 1}`;
}

const shorten = (text, max = 42) => (text.length > max ? `${text.slice(0, max - 1)}\u2026` : text);

/** Builds the graph model of a definition's States (recursively for Parallel branches and Map processors). */
export function buildModel(definition, topLevel = true) {
  const states = definition && typeof definition.States === 'object' && definition.States ? definition.States : {};

  // Fail states are drawn as ends of their own. They connect to End only when no other state does, so the graph
  // is not crossed by one long edge per Catch target.
  const endsOtherwise = Object.values(states).some(state => state.End === true || state.Type === 'Succeed');
  const nodes = Object.entries(states).map(([name, state]) => {
    const edges = [];
    const add = (to, label, kind = 'next') => {
      if (typeof to !== 'string') {
        return;
      }

      const existing = edges.find(edge => edge.to === to && edge.kind === kind);
      if (existing) {
        existing.label = [existing.label, label].filter(Boolean).join(' / ');
      } else {
        edges.push({ to, label, kind });
      }
    };

    if (state.Type === 'Choice') {
      (state.Choices || []).forEach((rule, index) => add(rule.Next, shorten(describeChoiceRule(rule, index))));
      add(state.Default, 'Default');
    } else {
      add(state.Next);
    }

    (state.Catch || []).forEach(catcher => add(catcher.Next, shorten(`Catch ${(catcher.ErrorEquals || []).join(', ')}`), 'catch'));
    if (topLevel && (state.End === true || state.Type === 'Succeed' || (state.Type === 'Fail' && !endsOtherwise))) {
      add(END);
    }

    let children = [];
    if (state.Type === 'Parallel') {
      children = (state.Branches || []).map(branch => buildModel(branch, false));
    } else if (state.Type === 'Map') {
      const processor = state.ItemProcessor || state.Iterator;
      children = processor ? [buildModel(processor, false)] : [];
    }

    return { name, type: state.Type || 'Unknown', state, edges, children };
  });

  if (topLevel) {
    nodes.unshift({ name: START, type: 'Start', pseudo: true, edges: [{ to: definition && definition.StartAt, kind: 'next' }], children: [] });
    nodes.push({ name: END, type: 'End', pseudo: true, edges: [], children: [] });
  }

  return { startAt: topLevel ? START : definition && definition.StartAt, nodes };
}

function layout(model) {
  const byName = new Map(model.nodes.map(node => [node.name, node]));
  for (const node of model.nodes) {
    node.children = node.children.map(layout);
    if (node.pseudo) {
      node.width = 64;
      node.height = 28;
    } else if (node.children.length > 0) {
      const inner = node.children.reduce((sum, child) => sum + child.width, 0) + GAP_X * (node.children.length - 1);
      const title = textWidth(`${node.name}  ${node.type}`, '600 13px system-ui, sans-serif') + 2 * PADDING;
      node.width = Math.max(MIN_NODE_WIDTH, inner + 2 * PADDING, title);
      node.height = HEADER + Math.max(0, ...node.children.map(child => child.height)) + PADDING;
    } else {
      node.width = Math.max(MIN_NODE_WIDTH, textWidth(node.name, '600 13px system-ui, sans-serif') + 32);
      node.height = NODE_HEIGHT;
    }
  }

  // Depth-first search: preorder for ordering, "on path" for loop edges, postorder for a topological order.
  const order = new Map();
  const onPath = new Set();
  const done = new Set();
  const postorder = [];
  const visit = name => {
    const node = byName.get(name);
    if (!node || done.has(name) || onPath.has(name)) {
      return;
    }

    order.set(name, order.size);
    onPath.add(name);
    for (const edge of node.edges) {
      const target = byName.get(edge.to);
      if (!target) {
        edge.missing = true;
        continue;
      }

      edge.loop = onPath.has(edge.to);
      visit(edge.to);
    }

    onPath.delete(name);
    done.add(name);
    postorder.push(node);
  };
  visit(model.startAt);
  model.nodes.filter(node => node.name !== END).forEach(node => visit(node.name));

  const rank = new Map(model.nodes.map(node => [node.name, 0]));
  for (const node of postorder.reverse()) {
    for (const edge of node.edges) {
      if (!edge.loop && !edge.missing && edge.to !== node.name) {
        rank.set(edge.to, Math.max(rank.get(edge.to), rank.get(node.name) + 1));
      }
    }
  }

  if (byName.has(END)) {
    rank.set(END, Math.max(0, ...model.nodes.filter(node => node.name !== END).map(node => rank.get(node.name))) + 1);
  }

  // An edge that skips rows passes through one waypoint per skipped row, so rows leave room for it and it does
  // not cross the states in between.
  const rows = [];
  const place = (node, row) => (rows[row] ||= []).push(node);
  const predecessors = new Map(model.nodes.map(node => [node, []]));
  model.nodes.forEach(node => place(node, rank.get(node.name)));
  for (const node of model.nodes) {
    for (const edge of node.edges) {
      if (edge.loop || edge.missing || rank.get(edge.to) <= rank.get(node.name)) {
        continue;
      }

      let previous = node;
      edge.waypoints = [];
      for (let row = rank.get(node.name) + 1; row < rank.get(edge.to); row++) {
        // The first waypoint carries the edge's label, so it is as wide as the label.
        const labelWidth = previous === node && edge.label ? textWidth(edge.label, '11px system-ui, sans-serif') + 8 : 0;
        const waypoint = { waypoint: true, width: Math.max(12, labelWidth), height: 0, edges: [], children: [] };
        predecessors.set(waypoint, [previous]);
        place(waypoint, row);
        edge.waypoints.push(waypoint);
        previous = waypoint;
      }

      predecessors.get(byName.get(edge.to)).push(previous);
    }
  }

  const filled = rows.filter(Boolean);
  const sortKey = node => (node.waypoint ? 1e9 : order.get(node.name) ?? 1e8);
  filled.forEach(row => row.sort((a, b) => sortKey(a) - sortKey(b)));

  const rowWidth = row => row.reduce((sum, node) => sum + node.width, 0) + GAP_X * (row.length - 1);
  const width = Math.max(0, ...filled.map(rowWidth));
  let y = 0;
  for (const row of filled) {
    const centers = new Map(row.map(node => {
      const above = predecessors.get(node).filter(p => p.x !== undefined);
      return [node, above.length ? above.reduce((sum, p) => sum + p.x + p.width / 2, 0) / above.length : null];
    }));
    const ordered = [...row];
    if (ordered.every(node => centers.get(node) !== null)) {
      ordered.sort((a, b) => centers.get(a) - centers.get(b));
    }

    const height = Math.max(...row.map(node => node.height));
    let x = (width - rowWidth(row)) / 2;
    for (const node of ordered) {
      node.x = x;
      if (node.waypoint) {
        node.y = y;
        node.height = height;
      } else {
        node.y = y + (height - node.height) / 2;
      }

      x += node.width + GAP_X;
    }

    y += height + GAP_Y;
  }

  const hasLoops = model.nodes.some(node => node.edges.some(edge => edge.loop || (!edge.missing && rank.get(edge.to) <= rank.get(node.name))));
  return { nodes: model.nodes, byName, rank, width: width + (hasLoops ? LOOP_MARGIN : 0), height: Math.max(0, y - GAP_Y) };
}

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) {
      element.setAttribute(name, String(value));
    }
  }

  if (text !== undefined) {
    element.textContent = text;
  }

  return element;
}

/** Returns a path through the points, top to bottom, with vertical tangents at each point. */
function verticalCurve(points) {
  let path = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1];
    const to = points[i];
    const bend = Math.max(12, (to.y - from.y) / 2);
    path += ` C ${from.x} ${from.y + bend} ${to.x} ${to.y - bend} ${to.x} ${to.y}`;
  }

  return path;
}

function drawEdges(group, placed) {
  for (const node of placed.nodes) {
    node.edges.forEach(edge => {
      const target = placed.byName.get(edge.to);
      if (!target) {
        return;
      }

      // Edges between the same two states (Next and Catch to one state) are spread apart so both stay visible.
      const parallel = node.edges.filter(other => other.to === edge.to);
      const offset = (parallel.indexOf(edge) - (parallel.length - 1) / 2) * 12;
      const forward = !edge.loop && placed.rank.get(edge.to) > placed.rank.get(node.name);
      let path;
      let label;
      if (forward) {
        const points = [
          { x: node.x + node.width / 2 + offset, y: node.y + node.height },
          ...(edge.waypoints || []).flatMap(w => [{ x: w.x + w.width / 2, y: w.y }, { x: w.x + w.width / 2, y: w.y + w.height }]),
          { x: target.x + target.width / 2 + offset, y: target.y },
        ];
        path = verticalCurve(points);
        label = points.length > 2 ? points[1] : { x: (points[0].x + points[1].x) / 2, y: (points[0].y + points[1].y) / 2 };
      } else {
        const x1 = node.x + node.width;
        const y1 = node.y + node.height / 2 + offset;
        const x2 = target.x + target.width;
        const y2 = target.y + target.height / 2 + offset;
        const side = Math.max(x1, x2) + LOOP_MARGIN - 8;
        path = `M ${x1} ${y1} C ${side} ${y1} ${side} ${y2} ${x2} ${y2}`;
        label = { x: side - 4, y: (y1 + y2) / 2 };
      }

      const edgeGroup = svg('g', { class: `edge edge-${edge.kind}`, 'data-from': node.pseudo ? node.type : node.name, 'data-to': target.pseudo ? target.type : edge.to });
      edgeGroup.append(svg('path', { d: path, 'marker-end': 'url(#arrow)' }));
      if (edge.label) {
        edgeGroup.append(svg('text', { x: label.x, y: label.y + 4, class: 'edge-label', 'text-anchor': 'middle' }, edge.label));
      }

      group.append(edgeGroup);
    });
  }
}

function drawGraph(placed, outcomes, onSelect) {
  const group = svg('g', { class: 'graph-level' });
  drawEdges(group, placed);
  for (const node of placed.nodes) {
    const outcome = node.pseudo ? null : (outcomes && outcomes.get(node.name)?.outcome) || 'not-run';
    const nodeGroup = svg('g', {
      class: node.pseudo ? 'terminal' : `state-node outcome-${outcome}${node.children.length ? ' state-container' : ''}`,
      transform: `translate(${node.x} ${node.y})`,
      'data-state': node.pseudo ? undefined : node.name,
      'data-type': node.type,
      'data-outcome': node.pseudo ? undefined : outcome,
      tabindex: node.pseudo ? undefined : 0,
      role: node.pseudo ? undefined : 'button',
    });
    if (node.pseudo) {
      nodeGroup.append(svg('rect', { width: node.width, height: node.height, rx: node.height / 2 }));
      nodeGroup.append(svg('text', { x: node.width / 2, y: node.height / 2 + 4, 'text-anchor': 'middle' }, node.type));
    } else {
      nodeGroup.append(svg('title', {}, `${node.name} (${node.type}): ${outcome}`));
      nodeGroup.append(svg('rect', { class: 'state-box', width: node.width, height: node.height, rx: 6 }));
      if (node.children.length) {
        nodeGroup.append(svg('text', { x: PADDING, y: 21, class: 'state-name' }, node.name));
        nodeGroup.append(svg('text', { x: node.width - PADDING, y: 21, class: 'state-type', 'text-anchor': 'end' }, node.type));
        let x = (node.width - (node.children.reduce((sum, c) => sum + c.width, 0) + GAP_X * (node.children.length - 1))) / 2;
        for (const child of node.children) {
          const branch = svg('g', { class: 'branch', transform: `translate(${x} ${HEADER})` });
          branch.append(svg('rect', { class: 'branch-box', x: -6, y: -6, width: child.width + 12, height: child.height + 12, rx: 4 }));
          branch.append(drawGraph(child, outcomes, onSelect));
          nodeGroup.append(branch);
          x += child.width + GAP_X;
        }
      } else {
        nodeGroup.append(svg('text', { x: node.width / 2, y: 19, class: 'state-name', 'text-anchor': 'middle' }, node.name));
        nodeGroup.append(svg('text', { x: node.width / 2, y: 35, class: 'state-type', 'text-anchor': 'middle' }, node.type));
      }

      const select = event => {
        event.stopPropagation();
        onSelect?.(node.name, node.state);
      };
      nodeGroup.addEventListener('click', select);
      nodeGroup.addEventListener('keydown', event => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          select(event);
        }
      });
    }

    group.append(nodeGroup);
  }

  return group;
}

/**
 * Renders a definition (the parsed ASL object) as an SVG element. outcomes is the Map from stateOutcomes (or null
 * for a definition without an execution); onSelect(name, state) runs when a state is clicked.
 */
export function renderGraph(definition, outcomes, onSelect) {
  const placed = layout(buildModel(definition));
  const margin = 12;
  const width = placed.width + 2 * margin;
  const height = placed.height + 2 * margin;
  const root = svg('svg', {
    class: 'graph',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': 'State machine graph',
  });
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }));
  defs.append(marker);
  root.append(defs);
  const content = drawGraph(placed, outcomes, onSelect);
  content.setAttribute('transform', `translate(${margin} ${margin})`);
  root.append(content);
  return root;
}

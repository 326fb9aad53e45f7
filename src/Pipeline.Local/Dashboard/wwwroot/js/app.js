// The dashboard's entry point: a hash router (#/executions/ARN) that renders one page at a time into <main>
// and polls the local APIs for the pages that show live data.

import { h, replace, errorBox } from './dom.js';
import { stateMachinesPage, stateMachinePage } from './pages/state-machines.js';
import { executionsPage } from './pages/executions.js';
import { executionPage } from './pages/execution.js';
import { trainingJobsPage, trainingJobPage } from './pages/training-jobs.js';
import { tuningJobsPage, tuningJobPage } from './pages/tuning-jobs.js';
import { endpointsPage, endpointPage } from './pages/endpoints.js';
import { modelPackagesPage, modelPackagePage } from './pages/model-packages.js';
import { glueJobsPage } from './pages/glue-jobs.js';

const routes = [
  [/^\/?$/, 'state-machines', stateMachinesPage],
  [/^\/state-machines\/(.+)$/, 'state-machines', stateMachinePage],
  [/^\/executions\/?$/, 'executions', executionsPage],
  [/^\/executions\/(.+)$/, 'executions', executionPage],
  [/^\/training-jobs\/?$/, 'training-jobs', trainingJobsPage],
  [/^\/training-jobs\/(.+)$/, 'training-jobs', trainingJobPage],
  [/^\/tuning-jobs\/?$/, 'tuning-jobs', tuningJobsPage],
  [/^\/tuning-jobs\/(.+)$/, 'tuning-jobs', tuningJobPage],
  [/^\/endpoints\/?$/, 'endpoints', endpointsPage],
  [/^\/endpoints\/(.+)$/, 'endpoints', endpointPage],
  [/^\/model-packages\/?$/, 'model-packages', modelPackagesPage],
  [/^\/model-packages\/(.+)$/, 'model-packages', modelPackagePage],
  [/^\/glue-jobs\/?$/, 'glue-jobs', glueJobsPage],
];

const main = document.getElementById('page');
const live = document.getElementById('live');
let current = null;

/**
 * The context a page renders into, with root as its container. poll(refresh, ms) calls refresh every ms
 * milliseconds, after the previous call ends, until the user leaves the page or refresh returns false.
 */
class View {
  constructor(root, query) {
    this.root = root;
    this.query = query;
    this.active = true;
    this.timers = new Set();
  }

  poll(refresh, milliseconds) {
    const tick = async () => {
      if (!this.active) {
        return;
      }

      let again = true;
      if (!document.hidden) {
        try {
          again = (await refresh()) !== false;
          live.classList.remove('live-error');
        } catch (error) {
          live.classList.add('live-error');
          console.error(error);
        }
      }

      if (this.active && again) {
        this.timers.add(setTimeout(tick, milliseconds));
      }
    };
    this.timers.add(setTimeout(tick, milliseconds));
    live.hidden = false;
  }

  dispose() {
    this.active = false;
    this.timers.forEach(clearTimeout);
  }
}

function parseLocation() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, queryText] = hash.split('?', 2);
  return { path: path || '/', query: new URLSearchParams(queryText || '') };
}

async function route() {
  current?.dispose();
  const { path, query } = parseLocation();
  const root = h('div', { class: 'view' });
  replace(main, root);
  const view = new View(root, query);
  current = view;
  live.hidden = true;

  const match = routes.map(([pattern, section, page]) => ({ result: pattern.exec(path), section, page })).find(r => r.result);
  document.querySelectorAll('nav a').forEach(link => link.classList.toggle('active', match && link.dataset.section === match.section));
  if (!match) {
    root.append(h('h1', {}, 'Page not found'), h('p', { class: 'empty' }, `The dashboard has no page '${path}'. `, h('a', { href: '#/' }, 'Open the state machines.')));
    return;
  }

  try {
    await match.page(view, ...match.result.slice(1).map(decodeURIComponent));
  } catch (error) {
    if (view.active) {
      root.append(errorBox(error, 'The page could not be shown'));
    }
  }
}

window.addEventListener('hashchange', route);
route();

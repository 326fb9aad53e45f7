import { callAll } from '../api.js';
import { h, badge, time } from '../dom.js';
import { liveTable } from './common.js';

export async function glueJobsPage(view) {
  view.root.append(h('h1', {}, 'Glue job runs'));
  await liveTable(view, view.root, {
    resourceName: 'Glue job runs',
    id: 'glue-runs-table',
    load: async () => {
      const names = await callAll('glue', 'ListJobs', {}, 'JobNames');
      const runs = await Promise.all(names.map(JobName => callAll('glue', 'GetJobRuns', { JobName, MaxResults: 200 }, 'JobRuns', 1)));
      return runs.flat().sort((a, b) => (b.StartedOn || 0) - (a.StartedOn || 0));
    },
    empty: 'No Glue job runs yet. The pipeline\'s Preprocess state starts them.',
    columns: [
      { title: 'Job', cell: r => r.JobName },
      { title: 'Run ID', cell: r => h('code', {}, r.Id) },
      { title: 'State', cell: r => badge(r.JobRunState) },
      { title: 'Attempt', cell: r => String(r.Attempt ?? 0), className: 'number' },
      { title: 'Started', cell: r => time(r.StartedOn) },
      { title: 'Completed', cell: r => time(r.CompletedOn) },
      { title: 'Execution time (s)', cell: r => String(r.ExecutionTime ?? ''), className: 'number' },
      { title: 'Error', cell: r => r.ErrorMessage || '' },
    ],
  });
}

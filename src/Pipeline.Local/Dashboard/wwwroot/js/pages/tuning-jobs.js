import { call, callAll } from '../api.js';
import { h, badge, time, facts, table, rawJson, jsonBlock, segment } from '../dom.js';
import { liveTable, liveDetail, crumbs } from './common.js';

const counters = c => (c ? `${c.Completed ?? 0} completed, ${c.InProgress ?? 0} in progress, ${c.Stopped ?? 0} stopped, ${(c.RetryableError ?? 0) + (c.NonRetryableError ?? 0)} failed` : '');

export async function tuningJobsPage(view) {
  view.root.append(h('h1', {}, 'Hyperparameter tuning jobs'));
  await liveTable(view, view.root, {
    resourceName: 'tuning jobs',
    id: 'tuning-jobs-table',
    load: () => callAll('sagemaker', 'ListHyperParameterTuningJobs', { SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }, 'HyperParameterTuningJobSummaries'),
    empty: 'No tuning jobs yet. "pipeline tuning-jobs create" starts one.',
    columns: [
      { title: 'Name', cell: j => h('a', { href: `#/tuning-jobs/${segment(j.HyperParameterTuningJobName)}` }, j.HyperParameterTuningJobName) },
      { title: 'Status', cell: j => badge(j.HyperParameterTuningJobStatus) },
      { title: 'Strategy', cell: j => j.Strategy || '' },
      { title: 'Training jobs', cell: j => counters(j.TrainingJobStatusCounters) },
      { title: 'Created', cell: j => time(j.CreationTime) },
      { title: 'Ended', cell: j => time(j.HyperParameterTuningEndTime) },
    ],
  });
}

export async function tuningJobPage(view, name) {
  view.root.append(crumbs('#/tuning-jobs', 'Tuning jobs'), h('h1', {}, name));
  await liveDetail(view, view.root, {
    resourceName: `tuning job ${name}`,
    load: async () => ({
      job: await call('sagemaker', 'DescribeHyperParameterTuningJob', { HyperParameterTuningJobName: name }),
      trainingJobs: await callAll('sagemaker', 'ListTrainingJobsForHyperParameterTuningJob', { HyperParameterTuningJobName: name, MaxResults: 100 }, 'TrainingJobSummaries'),
    }),
    done: ({ job }) => !['InProgress', 'Stopping'].includes(job.HyperParameterTuningJobStatus),
    render: ({ job, trainingJobs }) => [
      facts([
        ['ARN', h('code', {}, job.HyperParameterTuningJobArn)],
        ['Status', badge(job.HyperParameterTuningJobStatus)],
        ['Strategy', job.HyperParameterTuningJobConfig?.Strategy],
        ['Objective', job.HyperParameterTuningJobConfig?.HyperParameterTuningJobObjective
          ? `${job.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.Type} ${job.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName}` : null],
        ['Training jobs', counters(job.TrainingJobStatusCounters)],
        ['Failure reason', job.FailureReason],
        ['Created', time(job.CreationTime)],
        ['Ended', time(job.HyperParameterTuningEndTime)],
        ['Best training job', job.BestTrainingJob ? h('a', { href: `#/training-jobs/${segment(job.BestTrainingJob.TrainingJobName)}` }, job.BestTrainingJob.TrainingJobName) : null],
        ['Best objective value', job.BestTrainingJob?.FinalHyperParameterTuningJobObjectiveMetric ? String(job.BestTrainingJob.FinalHyperParameterTuningJobObjectiveMetric.Value) : null],
      ]),
      job.BestTrainingJob ? [h('h2', {}, 'Best hyperparameters'), jsonBlock(job.BestTrainingJob.TunedHyperParameters)] : null,
      h('h2', {}, 'Training jobs'),
      table([
        { title: 'Name', cell: j => h('a', { href: `#/training-jobs/${segment(j.TrainingJobName)}` }, j.TrainingJobName) },
        { title: 'Status', cell: j => badge(j.TrainingJobStatus) },
        { title: 'Objective', cell: j => (j.FinalHyperParameterTuningJobObjectiveMetric ? String(j.FinalHyperParameterTuningJobObjectiveMetric.Value) : ''), className: 'number' },
        { title: 'Hyperparameters', cell: j => h('code', {}, JSON.stringify(j.TunedHyperParameters || {})) },
        { title: 'Ended', cell: j => time(j.TrainingEndTime) },
      ], trainingJobs, 'No training jobs yet.'),
      rawJson('DescribeHyperParameterTuningJob response', job),
    ],
  });
}

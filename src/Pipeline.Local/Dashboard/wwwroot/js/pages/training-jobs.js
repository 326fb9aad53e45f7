import { call, callAll } from '../api.js';
import { h, badge, time, duration, facts, table, rawJson, jsonBlock, segment } from '../dom.js';
import { liveTable, liveDetail, crumbs } from './common.js';

const ACTIVE = ['InProgress', 'Stopping'];

export async function trainingJobsPage(view) {
  view.root.append(h('h1', {}, 'Training jobs'));
  await liveTable(view, view.root, {
    resourceName: 'training jobs',
    id: 'training-jobs-table',
    load: () => callAll('sagemaker', 'ListTrainingJobs', { SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }, 'TrainingJobSummaries'),
    empty: 'No training jobs yet. The pipeline\'s Train state and "pipeline training-jobs create" start them.',
    columns: [
      { title: 'Name', cell: j => h('a', { href: `#/training-jobs/${segment(j.TrainingJobName)}` }, j.TrainingJobName) },
      { title: 'Status', cell: j => badge(j.TrainingJobStatus) },
      { title: 'Secondary status', cell: j => j.SecondaryStatus || '' },
      { title: 'Created', cell: j => time(j.CreationTime) },
      { title: 'Ended', cell: j => time(j.TrainingEndTime) },
      { title: 'Duration', cell: j => duration(j.CreationTime, j.TrainingEndTime) },
    ],
  });
}

export async function trainingJobPage(view, name) {
  view.root.append(crumbs('#/training-jobs', 'Training jobs'), h('h1', {}, name));
  await liveDetail(view, view.root, {
    resourceName: `training job ${name}`,
    load: () => call('sagemaker', 'DescribeTrainingJob', { TrainingJobName: name }),
    done: job => !ACTIVE.includes(job.TrainingJobStatus),
    render: job => [
      facts([
        ['ARN', h('code', {}, job.TrainingJobArn)],
        ['Status', badge(job.TrainingJobStatus)],
        ['Secondary status', job.SecondaryStatus],
        ['Failure reason', job.FailureReason],
        ['Training image', job.AlgorithmSpecification?.TrainingImage ? h('code', {}, job.AlgorithmSpecification.TrainingImage) : null],
        ['Instance', job.ResourceConfig ? `${job.ResourceConfig.InstanceCount} x ${job.ResourceConfig.InstanceType}` : null],
        ['Model artifacts', job.ModelArtifacts?.S3ModelArtifacts ? h('code', {}, job.ModelArtifacts.S3ModelArtifacts) : null],
        ['Created', time(job.CreationTime)],
        ['Training start', time(job.TrainingStartTime)],
        ['Training end', time(job.TrainingEndTime)],
        ['Billable seconds', job.BillableTimeInSeconds === undefined ? null : String(job.BillableTimeInSeconds)],
      ]),
      h('h2', {}, 'Final metrics'),
      table([
        { title: 'Metric', cell: m => m.MetricName },
        { title: 'Value', cell: m => String(m.Value), className: 'number' },
        { title: 'Time', cell: m => time(m.Timestamp) },
      ], job.FinalMetricDataList, 'No final metrics.'),
      h('h2', {}, 'Hyperparameters'),
      jsonBlock(job.HyperParameters, 'No hyperparameters.'),
      h('h2', {}, 'Status history'),
      table([
        { title: 'Status', cell: t => t.Status },
        { title: 'Start', cell: t => time(t.StartTime) },
        { title: 'End', cell: t => time(t.EndTime) },
        { title: 'Message', cell: t => t.StatusMessage || '' },
      ], job.SecondaryStatusTransitions, 'No status transitions.'),
      rawJson('DescribeTrainingJob response', job),
    ],
  });
}

import { call, callAll } from '../api.js';
import { h, badge, time, facts, table, rawJson, jsonBlock, segment } from '../dom.js';
import { liveTable, liveDetail, crumbs } from './common.js';

export async function modelPackagesPage(view) {
  view.root.append(h('h1', {}, 'Model registry'));
  await liveTable(view, view.root, {
    resourceName: 'model packages',
    id: 'model-packages-table',
    load: async () => {
      const groups = await callAll('sagemaker', 'ListModelPackageGroups', { SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }, 'ModelPackageGroupSummaryList');
      const packages = await Promise.all(groups.map(group => callAll('sagemaker', 'ListModelPackages',
        { ModelPackageGroupName: group.ModelPackageGroupName, SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }, 'ModelPackageSummaryList')));
      return packages.flat();
    },
    empty: 'No model packages yet. The pipeline\'s RegisterModel state adds one per accepted candidate.',
    columns: [
      { title: 'Group', cell: p => p.ModelPackageGroupName },
      { title: 'Version', cell: p => h('a', { href: `#/model-packages/${segment(p.ModelPackageArn)}` }, String(p.ModelPackageVersion ?? p.ModelPackageName)), className: 'number' },
      { title: 'Approval', cell: p => badge(p.ModelApprovalStatus) },
      { title: 'Status', cell: p => badge(p.ModelPackageStatus) },
      { title: 'Created', cell: p => time(p.CreationTime) },
      { title: 'Description', cell: p => p.ModelPackageDescription || '' },
    ],
  });
}

export async function modelPackagePage(view, arn) {
  view.root.append(crumbs('#/model-packages', 'Model registry'), h('h1', {}, arn.split('/').slice(-2).join(' version ')));
  await liveDetail(view, view.root, {
    resourceName: 'the model package',
    load: () => call('sagemaker', 'DescribeModelPackage', { ModelPackageName: arn }),
    done: () => true,
    render: p => [
      facts([
        ['ARN', h('code', {}, p.ModelPackageArn)],
        ['Group', p.ModelPackageGroupName],
        ['Version', p.ModelPackageVersion === undefined ? null : String(p.ModelPackageVersion)],
        ['Approval', badge(p.ModelApprovalStatus)],
        ['Status', badge(p.ModelPackageStatus)],
        ['Description', p.ModelPackageDescription],
        ['Created', time(p.CreationTime)],
      ]),
      h('h2', {}, 'Containers'),
      table([
        { title: 'Image', cell: c => h('code', {}, c.Image || '') },
        { title: 'Model data', cell: c => h('code', {}, c.ModelDataUrl || '') },
      ], p.InferenceSpecification?.Containers, 'No inference containers.'),
      p.CustomerMetadataProperties ? [h('h2', {}, 'Metadata'), jsonBlock(p.CustomerMetadataProperties)] : null,
      p.ModelMetrics ? [h('h2', {}, 'Model metrics'), jsonBlock(p.ModelMetrics)] : null,
      rawJson('DescribeModelPackage response', p),
    ],
  });
}

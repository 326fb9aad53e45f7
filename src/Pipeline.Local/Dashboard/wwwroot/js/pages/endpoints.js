import { call, callAll } from '../api.js';
import { h, badge, time, facts, table, rawJson, segment } from '../dom.js';
import { liveTable, liveDetail, crumbs } from './common.js';

/** Shows a variant's share of the endpoint's traffic (its weight over the sum of all weights) as a bar and a percentage. */
function share(weight, total) {
  if (weight === undefined || weight === null) {
    return '-';
  }

  const fraction = total > 0 ? weight / total : 0;
  return h('span', { class: 'share' },
    h('meter', { min: 0, max: 1, value: fraction, title: `${(fraction * 100).toFixed(1)} % of requests` }),
    ` ${(fraction * 100).toFixed(1)} %`);
}

function variantsTable(variants, configVariants) {
  const list = variants || [];
  const total = list.reduce((sum, v) => sum + (v.CurrentWeight ?? 0), 0);
  const config = new Map((configVariants || []).map(v => [v.VariantName, v]));
  return table([
    { title: 'Variant', cell: v => v.VariantName },
    { title: 'Model', cell: v => config.get(v.VariantName)?.ModelName || '' },
    { title: 'Current weight', cell: v => String(v.CurrentWeight ?? '-'), className: 'number' },
    { title: 'Desired weight', cell: v => String(v.DesiredWeight ?? '-'), className: 'number' },
    { title: 'Traffic', cell: v => share(v.CurrentWeight, total) },
    { title: 'Instances', cell: v => `${v.CurrentInstanceCount ?? '-'} of ${v.DesiredInstanceCount ?? '-'}` },
    { title: 'Instance type', cell: v => config.get(v.VariantName)?.InstanceType || '' },
    { title: 'Status', cell: v => (v.VariantStatus || []).map(s => badge(s.Status)) },
  ], list, 'No variant is deployed yet.', { class: 'grid variants' });
}

export async function endpointsPage(view) {
  view.root.append(h('h1', {}, 'Endpoints'));
  await liveTable(view, view.root, {
    resourceName: 'endpoints',
    id: 'endpoints-table',
    load: async () => {
      const endpoints = await callAll('sagemaker', 'ListEndpoints', { SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }, 'Endpoints');
      return Promise.all(endpoints.map(async endpoint => ({
        ...endpoint,
        described: await call('sagemaker', 'DescribeEndpoint', { EndpointName: endpoint.EndpointName }).catch(() => null),
      })));
    },
    empty: 'No endpoints yet. The pipeline creates one when a model is promoted.',
    columns: [
      { title: 'Name', cell: e => h('a', { href: `#/endpoints/${segment(e.EndpointName)}` }, e.EndpointName) },
      { title: 'Status', cell: e => badge(e.EndpointStatus) },
      { title: 'Variants (weight)', cell: e => (e.described?.ProductionVariants || []).map(v => `${v.VariantName} (${v.CurrentWeight})`).join(', ') },
      { title: 'Configuration', cell: e => e.described?.EndpointConfigName || '' },
      { title: 'Created', cell: e => time(e.CreationTime) },
      { title: 'Modified', cell: e => time(e.LastModifiedTime) },
    ],
  });
}

export async function endpointPage(view, name) {
  view.root.append(crumbs('#/endpoints', 'Endpoints'), h('h1', {}, name));
  await liveDetail(view, view.root, {
    resourceName: `endpoint ${name}`,
    load: async () => {
      const endpoint = await call('sagemaker', 'DescribeEndpoint', { EndpointName: name });
      const config = await call('sagemaker', 'DescribeEndpointConfig', { EndpointConfigName: endpoint.EndpointConfigName }).catch(() => null);
      return { endpoint, config };
    },
    done: () => false,
    render: ({ endpoint, config }) => [
      facts([
        ['ARN', h('code', {}, endpoint.EndpointArn)],
        ['Status', badge(endpoint.EndpointStatus)],
        ['Failure reason', endpoint.FailureReason],
        ['Configuration', endpoint.EndpointConfigName],
        ['Created', time(endpoint.CreationTime)],
        ['Modified', time(endpoint.LastModifiedTime)],
        ['Invoke', h('code', {}, `POST /endpoints/${endpoint.EndpointName}/invocations`)],
      ]),
      h('h2', {}, 'Production variants'),
      variantsTable(endpoint.ProductionVariants, config?.ProductionVariants),
      endpoint.PendingDeploymentSummary ? [
        h('h2', {}, `Pending deployment: ${endpoint.PendingDeploymentSummary.EndpointConfigName}`),
        variantsTable(endpoint.PendingDeploymentSummary.ProductionVariants, null),
      ] : null,
      rawJson('DescribeEndpoint response', endpoint),
      config ? rawJson('DescribeEndpointConfig response', config) : null,
    ],
  });
}


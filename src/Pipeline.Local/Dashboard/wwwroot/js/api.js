// Calls the local runtime's AWS JSON-protocol API at POST /, the same requests the AWS CLI sends.

const SERVICES = {
  states: { prefix: 'AWSStepFunctions', contentType: 'application/x-amz-json-1.0', token: 'nextToken' },
  sagemaker: { prefix: 'SageMaker', contentType: 'application/x-amz-json-1.1', token: 'NextToken' },
  glue: { prefix: 'AWSGlue', contentType: 'application/x-amz-json-1.1', token: 'NextToken' },
};

/** An error response of the API ({"__type", "message"}), or a request that got no response. */
export class ApiError extends Error {
  constructor(operation, code, message, httpStatus) {
    super(message);
    this.name = 'ApiError';
    this.operation = operation;
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** True when the local runtime does not serve the operation at all. */
  get unsupported() {
    return this.code === 'UnknownOperationException';
  }
}

/** Sends one operation, for example call('states', 'DescribeExecution', { executionArn }), and returns the response JSON. */
export async function call(service, operation, request = {}) {
  const target = SERVICES[service];
  if (!target) {
    throw new ApiError(operation, 'UnknownService', `The dashboard has no client for the service '${service}'.`, 0);
  }

  let response;
  try {
    response = await fetch('/', {
      method: 'POST',
      headers: { 'Content-Type': target.contentType, 'X-Amz-Target': `${target.prefix}.${operation}` },
      body: JSON.stringify(request),
      cache: 'no-store',
    });
  } catch (error) {
    throw new ApiError(operation, 'NetworkError',
      `The local runtime did not respond (${error.message}). Check that "pipeline up" is still running.`, 0);
  }

  const text = await response.text();
  let body = {};
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(operation, 'InvalidResponse', `The response to ${operation} is not JSON (HTTP ${response.status}).`, response.status);
    }
  }

  if (!response.ok) {
    throw new ApiError(operation, body.__type || `HTTP${response.status}`, body.message || text || response.statusText, response.status);
  }

  return body;
}

/** Calls a paginated list operation until it has no next token (at most maxPages pages) and returns the concatenated items. */
export async function callAll(service, operation, request, itemsKey, maxPages = 20) {
  const tokenKey = SERVICES[service].token;
  const items = [];
  let token;
  for (let page = 0; page < maxPages; page++) {
    const response = await call(service, operation, token ? { ...request, [tokenKey]: token } : request);
    items.push(...(response[itemsKey] || []));
    token = response[tokenKey];
    if (!token) {
      break;
    }
  }

  return items;
}

/**
 * Parses a request path into Kubernetes request attributes (the API server's RequestInfo):
 * verb, group, version, resource, subresource, namespace, name. Middlewares (auth, fault
 * injection, audit) and the handlers all read these.
 */

/** Attributes of one request. */
export interface RequestInfo {
  isResourceRequest: boolean;
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection (or the HTTP verb lower-cased for non-resource paths). */
  verb: string;
  path: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/**
 * A boolean query parameter as the API server reads it (Go's strconv.ParseBool): the Python
 * client sends `watch=True`, client-go `watch=true`, curl users `watch=1`.
 */
export function queryBool(v: string | null | undefined): boolean {
  return v !== null && v !== undefined && TRUE_WORDS.has(v);
}

/** Parses method + URL into a {@link RequestInfo}. */
export function parseRequestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const httpVerb = method.toLowerCase();
  const info: RequestInfo = {
    isResourceRequest: false,
    verb: httpVerb,
    path,
    group: '',
    version: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
  };
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    info.version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    info.group = parts[1] ?? '';
    info.version = parts[2] ?? '';
    rest = parts.slice(3);
  } else {
    return info;
  }
  info.isResourceRequest = true;
  if (rest[0] === 'namespaces') {
    if (rest.length === 1) {
      info.resource = 'namespaces';
    } else if (
      rest.length === 2 ||
      (rest.length >= 3 && rest[2] !== undefined && ['status', 'finalize'].includes(rest[2]) && rest.length === 3)
    ) {
      info.resource = 'namespaces';
      info.name = rest[1] ?? '';
      info.subresource = rest[2] ?? '';
    } else {
      info.namespace = rest[1] ?? '';
      info.resource = rest[2] ?? '';
      info.name = rest[3] ?? '';
      info.subresource = rest.slice(4).join('/') ? (rest[4] ?? '') : '';
    }
  } else {
    info.resource = rest[0] ?? '';
    info.name = rest[1] ?? '';
    info.subresource = rest[2] ?? '';
  }
  const watch = url.searchParams.get('watch');
  switch (httpVerb) {
    case 'get':
    case 'head':
      info.verb = info.name ? 'get' : queryBool(watch) ? 'watch' : 'list';
      break;
    case 'post':
      info.verb = 'create';
      break;
    case 'put':
      info.verb = 'update';
      break;
    case 'patch':
      info.verb = 'patch';
      break;
    case 'delete':
      info.verb = info.name ? 'delete' : 'deletecollection';
      break;
    default:
      break;
  }
  return info;
}

/**
 * Where a smoke check sends its request (a URL, a path on the release's Ingress, or a Service
 * through the API server's proxy): validated from the check's fields, and described for logs with
 * credentials redacted.
 */
import { showValue } from '../errors.js';
import type { SmokeTarget } from './spec.js';
import { describeType, isPlainObject, unknownKeys, type Obj, type Problems } from './spec-problems.js';

const SERVICE_KEYS = ['name', 'namespace', 'port', 'scheme'] as const;
const INGRESS_KEYS = ['name', 'namespace'] as const;
/** DNS-1123 label (Service names) and subdomain (Ingress names, namespaces), as the API server checks them. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PORT_NAME = /^(?=.{1,15}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The target of a check: exactly one of url, service (+ path), or path (+ ingress). */
export function parseTarget(item: Obj, at: (f: string) => string, p: Problems): SmokeTarget | undefined {
  const given = (['url', 'service', 'ingress'] as const).filter((k) => item[k] !== undefined);
  if (given.length > 1) {
    p.add(
      at(given.join('/')),
      `give one target: url, service (+ path), or path (+ ingress); got ${given.join(' and ')}`,
    );
    return undefined;
  }
  const kind = given[0];
  if (kind === 'url') {
    if (item['path'] !== undefined)
      p.add(at('path'), 'path goes with service or ingress; with url, put the path in the URL');
    const url = parseUrl(item['url'], at('url'), p);
    return url ? { url } : undefined;
  }
  if (item['path'] === undefined && kind !== 'service') {
    p.add(
      at('url/path/service'),
      "missing target: give url, path (on the release's Ingress address), or service (+ path)",
    );
    return undefined;
  }
  const path = parsePath(item['path'] ?? '/', at('path'), p);
  if (kind === 'service') {
    const service = parseService(item['service'], at('service'), p);
    return service && path !== undefined ? { service, path } : undefined;
  }
  const ingress = kind === 'ingress' ? parseIngress(item['ingress'], at('ingress'), p) : {};
  return ingress && path !== undefined ? { ingress, path } : undefined;
}

function parseUrl(raw: unknown, field: string, p: Problems): string | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') {
    p.add(field, `expected an http:// or https:// URL, got ${showValue(raw)}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    p.add(field, `not a valid URL: ${showValue(redactUrl(raw))}`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    p.add(field, `only http:// and https:// URLs can be checked, got ${showValue(url.protocol.replace(/:$/, ''))}`);
    return undefined;
  }
  if (url.hash) p.add(field, 'a URL fragment (#...) is never sent to the server; remove it');
  return url.toString();
}

function parsePath(raw: unknown, field: string, p: Problems): string | undefined {
  if (typeof raw !== 'string' || !raw.startsWith('/')) {
    p.add(field, `expected a path starting with "/", got ${showValue(raw)}`);
    return undefined;
  }
  if (/[\s#]/.test(raw)) {
    p.add(field, `a path cannot contain spaces or "#" (percent-encode them), got ${showValue(raw)}`);
    return undefined;
  }
  return raw;
}

function parseService(
  raw: unknown,
  field: string,
  p: Problems,
): { name: string; namespace?: string; port: number | string; scheme?: 'http' | 'https' } | undefined {
  if (!isPlainObject(raw)) {
    p.add(field, `expected a mapping { name, namespace?, port }, got ${describeType(raw)}`);
    return undefined;
  }
  const before = p.list.length;
  unknownKeys(raw, SERVICE_KEYS, (k) => `${field}.${k}`, p);
  const { name, namespace, port, scheme } = raw;
  if (typeof name !== 'string' || !DNS_LABEL.test(name))
    p.add(`${field}.name`, `expected a Service name (DNS-1123 label), got ${showValue(name)}`);
  if (namespace !== undefined && (typeof namespace !== 'string' || !DNS_LABEL.test(namespace)))
    p.add(`${field}.namespace`, `expected a namespace name, got ${showValue(namespace)}`);
  if (port === undefined) p.add(`${field}.port`, 'missing: the Service port (number or name)');
  else if (
    typeof port === 'number'
      ? !(Number.isInteger(port) && port >= 1 && port <= 65535)
      : typeof port !== 'string' || !PORT_NAME.test(port)
  ) {
    p.add(`${field}.port`, `expected a port number 1-65535 or a port name, got ${showValue(port)}`);
  }
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https')
    p.add(`${field}.scheme`, `expected http or https, got ${showValue(scheme)}`);
  if (p.list.length > before) return undefined;
  return {
    name: name as string,
    ...(namespace !== undefined ? { namespace: namespace as string } : {}),
    port: port as number | string,
    ...(scheme !== undefined ? { scheme: scheme as 'http' | 'https' } : {}),
  };
}

function parseIngress(raw: unknown, field: string, p: Problems): { name?: string; namespace?: string } | undefined {
  const obj = typeof raw === 'string' ? { name: raw } : raw;
  if (!isPlainObject(obj)) {
    p.add(field, `expected an Ingress name or { name, namespace }, got ${describeType(raw)}`);
    return undefined;
  }
  const before = p.list.length;
  unknownKeys(obj, INGRESS_KEYS, (k) => `${field}.${k}`, p);
  const { name, namespace } = obj;
  if (name !== undefined && (typeof name !== 'string' || !DNS_SUBDOMAIN.test(name)))
    p.add(`${field}.name`, `expected an Ingress name, got ${showValue(name)}`);
  if (namespace !== undefined && (typeof namespace !== 'string' || !DNS_LABEL.test(namespace)))
    p.add(`${field}.namespace`, `expected a namespace name, got ${showValue(namespace)}`);
  if (p.list.length > before) return undefined;
  return {
    ...(name !== undefined ? { name: name as string } : {}),
    ...(namespace !== undefined ? { namespace: namespace as string } : {}),
  };
}

/** A short human description of where a check goes (secrets in the URL redacted). */
export function describeTarget(target: SmokeTarget): string {
  if ('url' in target) return redactUrl(target.url);
  if ('service' in target) {
    const s = target.service;
    return `service ${s.namespace ? `${s.namespace}/` : ''}${s.name}:${s.port}${redactUrl(target.path)}`;
  }
  const ing = target.ingress;
  return ing.name
    ? `ingress ${ing.namespace ? `${ing.namespace}/` : ''}${ing.name}${redactUrl(target.path)}`
    : redactUrl(target.path);
}

/** Query parameters whose values are credentials (OAuth codes, presigned-URL signatures, API keys). */
const SECRET_QUERY = /token|secret|passw|api[-_]?key|credential|signature|^(sig|auth|code|key|session|sessionid)$/i;

/**
 * A URL (or path) safe to print: user info and the values of query parameters that look like
 * credentials become `<redacted>`.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#\s]*@/i, '$1<redacted>@')
    .replace(/([?&])([^=&#]+)=([^&#]*)/g, (all, sep: string, key: string) =>
      SECRET_QUERY.test(decodeSafe(key)) ? `${sep}${key}=<redacted>` : all,
    );
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

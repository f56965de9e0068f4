/** The headers of a smoke check: validated, and which of them carry credentials. */
import { showValue } from '../errors.js';
import { describeType, type Obj, type Problems } from './spec-problems.js';

/** RFC 9110 token: what a header name may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A header whose value is a credential, judged by its name. */
export function isSecretHeader(name: string): boolean {
  const n = name.toLowerCase();
  return (
    n === 'authorization' ||
    n === 'proxy-authorization' ||
    n === 'cookie' ||
    n === 'x-api-key' ||
    /token|secret|password|api[-_]?key|credential|session/.test(n)
  );
}

/**
 * Header names and values of a check (defaults merged in), each checked: a valid name, not one the
 * HTTP client sets, a one-line value. The value of a secret header never appears in a message.
 */
export function parseHeaders(raw: Obj, field: string, p: Problems): Record<string, string> {
  const out = new Map<string, string>();
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    const f = `${field}.${name}`;
    if (!TOKEN.test(name)) {
      p.add(f, 'not a valid header name');
      continue;
    }
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection') {
      p.add(f, 'set by the HTTP client; it cannot be given');
      continue;
    }
    // Header names are case-insensitive: defaults and check may spell them differently.
    const prior = seen.get(lower);
    if (prior !== undefined) out.delete(prior);
    seen.set(lower, name);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      p.add(f, `expected a string value, got ${describeType(value)}`);
      continue;
    }
    const text = String(value);
    // The value of a secret header never appears in a message, even a validation one.
    if (/[\r\n\0]/.test(text))
      p.add(
        f,
        `a header value cannot contain line breaks or NUL${isSecretHeader(name) ? '' : `, got ${showValue(text)}`}`,
      );
    else out.set(name, text);
  }
  return Object.fromEntries(out);
}

/**
 * The API server authenticates a service-proxy request with Authorization and deletes it before
 * forwarding, so the Service would never see it: a check relying on it could not pass.
 */
export function refuseProxyAuthorization(headers: Record<string, string>, field: string, p: Problems): void {
  const auth = Object.keys(headers).find((h) => h.toLowerCase() === 'authorization');
  if (auth)
    p.add(
      `${field}.${auth}`,
      "the API server's service proxy consumes Authorization for its own authentication and does not forward it; use another header or a url/ingress target",
    );
}

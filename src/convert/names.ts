/** Kubernetes name rules (RFC 1123 labels and subdomains), checked before anything reaches a cluster. */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** True when `name` is a DNS-1123 label (63 characters at most): Service, container and Namespace names. */
export function isDns1123Label(name: string): boolean {
  return name.length <= 63 && DNS1123_LABEL.test(name);
}

/** True when `name` is a DNS-1123 subdomain (253 characters at most): most object names. */
export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

/** True for a valid named port (IANA service name: 15 characters, a letter, no double hyphen). */
export function isPortName(name: string): boolean {
  return name.length <= 15 && IANA_SVC_NAME.test(name) && !name.includes('--');
}

/**
 * Turn an ECS name (letters, digits, `_`, `-`, up to 255) into a DNS-1123 label:
 * lower case, `_` and other characters → `-`, trimmed to `max` characters, never ending in `-`.
 * When trimming was needed a short stable hash of the original keeps names distinct.
 */
export function toDns1123Label(name: string, max = 63): string {
  let out = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (out === '') out = 'x';
  if (out.length > max) {
    const hash = shortHash(name);
    out = `${out.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`;
  }
  return out;
}

/** Join name parts and make the result a valid label of at most `max` characters. */
export function joinName(parts: readonly string[], max = 63): string {
  return toDns1123Label(parts.filter((p) => p !== '').join('-'), max);
}

/** Environment variable names Kubernetes accepts as ConfigMap keys loaded with envFrom. */
export function isConfigMapKey(name: string): boolean {
  return name.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(name);
}

/** Deterministic 5-character base-36 hash (FNV-1a), for disambiguating trimmed names. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0').slice(-5);
}

/**
 * Reading fields of live objects: the API server's JSON is `unknown` below `metadata.name`, so
 * every reader narrows it the same way (a missing or malformed field reads as empty, never throws).
 */
import { inspect } from 'node:util';
import type { KubeObject } from '../model/kube-object.js';

/** A JSON object. */
export type Rec = Record<string, unknown>;

/** `v` when it is a JSON object, otherwise an empty one. */
export function rec(v: unknown): Rec {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {};
}

/** The objects of a JSON array (non-objects read as empty ones); empty when `v` is no array. */
export function recs(v: unknown): Rec[] {
  return Array.isArray(v) ? v.map(rec) : [];
}

/** `v` when it is a string. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `v` when it is a finite number, otherwise 0. */
export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** A scalar field as text (`fallback` when it is absent or not a string or number). */
export function text(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}

/** The object's uid, or its name when the server has not assigned one (objects built in tests). */
export function uidOf(obj: KubeObject): string {
  return str(obj.metadata['uid']) ?? obj.metadata.name;
}

/** A shallow copy of `obj` without `keys` (server bookkeeping, status: fixed lists, not data). */
export function omit<T extends object>(obj: T, keys: readonly string[]): T {
  const copy = { ...obj };
  for (const key of keys) Reflect.deleteProperty(copy, key);
  return copy;
}

/** What went wrong, in a line: an Error's message, a string as is, anything else as Node prints it. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : inspect(err, { breakLength: Infinity });
}

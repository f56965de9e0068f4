import { isAbsolute, relative, sep } from 'node:path';
import type { Finding } from '../findings.js';
import type { PlanResult } from './model.js';

/**
 * A source path as report rows show it: relative to the working directory when it lies inside it
 * (`ecs/web.json`, not `/home/runner/work/shop/shop/ecs/web.json`), otherwise as given. Live
 * sources (`ecs://cluster/service`) and relative paths are left alone.
 */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file) || /^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return file;
  const rel = relative(cwd, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return file;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** The finding with its `file` shown relative to `cwd` (see {@link displayPath}). */
export function findingWithDisplayPath(f: Finding, cwd: string): Finding {
  return f.file === undefined ? f : { ...f, file: displayPath(f.file, cwd) };
}

/** Every path the plan report shows (findings, input errors, workload sources) relative to `cwd`. */
export function planWithDisplayPaths(plan: PlanResult, cwd: string): PlanResult {
  return {
    ...plan,
    findings: plan.findings.map((f) => findingWithDisplayPath(f, cwd)),
    errors: plan.errors.map((e) => ({ ...e, file: displayPath(e.file, cwd) })),
    workloads: plan.workloads.map((w) => ({ ...w, source: displayPath(w.source, cwd) })),
  };
}

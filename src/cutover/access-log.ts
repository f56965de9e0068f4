/**
 * Requests recorded by the ECS service's Application Load Balancer, read from its access logs
 * (the files the ALB writes to S3, plain or gzipped), for a parity check that replays real
 * traffic. One entry per line, space-separated, quoted fields in double quotes:
 *
 * ```
 * https 2026-05-02T10:01:02.123456Z app/ecs-web/50dc6c495c0c9188 203.0.113.7:52311 10.0.1.23:8080 0.000 0.012 0.000 200 200 312 1840 "GET https://shop.example.com:443/api/orders?limit=5 HTTP/1.1" "curl/8.5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:… "Root=1-…" "shop.example.com" "arn:aws:acm:…" 0 2026-05-02T10:01:02.111000Z "forward" "-" "-" "10.0.1.23:8080" "200" "-" "-"
 * ```
 *
 * Field 13 is the request line: method, the full URL as the client sent it (scheme, host, port,
 * path, query) and the protocol. Only method, path and query are kept: the parity check sends
 * them to both base URLs. The log has no headers and no bodies, so recorded requests carry
 * neither; writes (POST, PUT, PATCH, DELETE) are never replayed from a log.
 */
import { gunzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { UserInputError } from '../errors.js';
import { WRITE_METHODS, type ParityRequest } from './requests.js';

/** One parsed access-log entry (the fields the parity check uses). */
export interface AlbLogEntry {
  type: string;
  time: string;
  method: string;
  /** Path and query, as sent by the client. */
  path: string;
  host: string;
  elbStatus: number | undefined;
  /** Seconds the target took (`-1` in the log when no target answered). */
  targetProcessingSeconds: number | undefined;
}

/** What was read from the logs: entries, and lines that were not valid entries. */
export interface AlbLogRead {
  entries: AlbLogEntry[];
  /** `file:line: why` for each line that could not be read (at most 20 kept). */
  invalid: string[];
  invalidCount: number;
}

/** Split one log line into fields: spaces separate, double quotes group, `\"` escapes. */
function splitLogFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) i++;
        v += line.charAt(i++);
      }
      i++;
      fields.push(v);
    } else {
      const end = line.indexOf(' ', i);
      fields.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length : end;
    }
  }
  return fields;
}

/**
 * Parse one ALB access-log line; a string says why it is not a usable entry (malformed request
 * line `- http://host:80- -`, too few fields, a URL that does not parse).
 */
export function parseAlbLogLine(line: string): AlbLogEntry | string {
  const f = splitLogFields(line);
  const [type, time, , , , , targetProcessing, , elbStatus, , , , request] = f;
  if (type === undefined || time === undefined || request === undefined)
    return `expected at least 13 fields (type … "request"), got ${f.length}`;
  const m = /^([A-Z]+) (\S+) (HTTP\/[\d.]+)$/.exec(request);
  const method = m?.[1];
  const target = m?.[2];
  if (method === undefined || target === undefined)
    return `request field is not "METHOD URL PROTOCOL": ${JSON.stringify(request.slice(0, 80))}`;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return `request URL does not parse: ${JSON.stringify(target.slice(0, 80))}`;
  }
  const status = Number(elbStatus);
  const tp = Number(targetProcessing);
  return {
    type,
    time,
    method,
    path: `${url.pathname}${url.search}`,
    host: url.hostname,
    elbStatus: Number.isInteger(status) ? status : undefined,
    targetProcessingSeconds: Number.isFinite(tp) ? tp : undefined,
  };
}

/** Read access-log files (`.gz` or plain); unreadable lines are counted, not fatal. */
export async function readAlbLogs(files: readonly string[]): Promise<AlbLogRead> {
  const out: AlbLogRead = { entries: [], invalid: [], invalidCount: 0 };
  for (const file of files) {
    let buf: Buffer;
    try {
      buf = await readFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UserInputError(code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}`, file);
    }
    if (buf[0] === 0x1f && buf[1] === 0x8b) {
      try {
        buf = gunzipSync(buf);
      } catch (err) {
        throw new UserInputError(`looks gzipped but does not decompress: ${(err as Error).message}`, file);
      }
    }
    const lines = buf.toString('utf8').split('\n');
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line === '') return;
      const e = parseAlbLogLine(line);
      if (typeof e === 'string') {
        out.invalidCount++;
        if (out.invalid.length < 20) out.invalid.push(`${file}:${i + 1}: ${e}`);
      } else out.entries.push(e);
    });
  }
  return out;
}

/** Requests chosen from the logs, and what was left out. */
export interface RecordedRequests {
  requests: ParityRequest[];
  /** Writes seen in the logs, never replayed: `POST /api/orders (12×)`. */
  refusedWrites: string[];
  /** Distinct reads beyond the limit, not sent. */
  notSent: number;
}

/**
 * The `limit` most frequent distinct reads (method + path + query) of the logs, most frequent
 * first, as parity requests. Writes are listed in `refusedWrites`: the log cannot say a write is
 * safe to repeat against the live service.
 */
export function recordedRequests(
  entries: readonly AlbLogEntry[],
  opts: { limit: number; timeoutMs: number },
): RecordedRequests {
  const counts = new Map<string, { method: string; path: string; n: number; first: number }>();
  entries.forEach((e, i) => {
    const key = `${e.method} ${e.path}`;
    const c = counts.get(key);
    if (c) c.n++;
    else counts.set(key, { method: e.method, path: e.path, n: 1, first: i });
  });
  const all = [...counts.values()].sort((a, b) => b.n - a.n || a.first - b.first);
  const writes = all.filter((c) => WRITE_METHODS.has(c.method));
  const reads = all.filter((c) => !WRITE_METHODS.has(c.method) && c.method !== 'CONNECT');
  const chosen = reads.slice(0, opts.limit);
  return {
    requests: chosen.map((c) => ({
      name: `${c.method} ${c.path}`,
      method: c.method,
      path: c.path,
      headers: {},
      secretHeaders: [],
      timeoutMs: opts.timeoutMs,
      safe: false,
      compare: 'auto',
      ignore: [],
      origin: `access log (${c.n}×)`,
    })),
    refusedWrites: writes.map((c) => `${c.method} ${c.path} (${c.n}×)`),
    notSent: reads.length - chosen.length,
  };
}

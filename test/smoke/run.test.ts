import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseSmokeSpec, type SmokeCheck } from '../../src/smoke/spec.js';
import { runSmokeCheck, runSmokeChecks, type SmokeRunOptions } from '../../src/smoke/run.js';
import { createSmokeTransport, httpTransport, type SmokeTransport } from '../../src/smoke/transport.js';
import { smokeLines, smokeTable } from '../../src/smoke/report.js';
import { logSink } from '../helpers/artefacts.js';
import { startSmokeApp, type SmokeApp } from './app.js';

let app: SmokeApp;
let base: string;

beforeAll(async () => {
  app = await startSmokeApp();
  base = app.base;
});
afterAll(async () => {
  await app.stop();
});

const transport = createSmokeTransport();
/** One check from YAML (the way users write them), against the local app. */
function check(yaml: string): SmokeCheck {
  return parseSmokeSpec(yaml.replaceAll('BASE', base), 'test.yaml')[0]!;
}
function run(c: SmokeCheck, extra: Partial<SmokeRunOptions> = {}) {
  const { lines, log } = logSink();
  const result = runSmokeCheck(c, { transport, log, ...extra });
  return result.then((r) => ({ ...r, lines }));
}

describe('expectations, each passing and failing with its message', () => {
  test('status', async () => {
    const ok = await run(check('- { name: s, url: BASE/ok, retries: 0 }'));
    expect(ok).toMatchObject({ name: 's', ok: true, attempts: 1, status: 200 });
    expect(ok.latencyMs).toBeGreaterThanOrEqual(0);
    const bad = await run(check('- { name: s, url: BASE/status/500, retries: 0 }'));
    expect(bad).toMatchObject({
      ok: false,
      attempts: 1,
      status: 500,
      failure: 'status 500 (expected 200)',
      stoppedBy: 'retries',
      bodyExcerpt: 'failed with 500',
    });
    expect((await run(check('- { url: BASE/status/404, retries: 0, expect: { status: [200, 204] } }'))).failure).toBe(
      'status 404 (expected 200 or 204)',
    );
    expect(
      (await run(check('- { url: BASE/status/404, retries: 0, expect: { status: [200, 201, 204] } }'))).failure,
    ).toBe('status 404 (expected one of 200, 201, 204)');
    expect((await run(check('- { url: BASE/status/503, retries: 0, expect: { status: 503 } }'))).ok).toBe(true);
  });

  test('bodyContains and bodyMatches', async () => {
    expect(
      (
        await run(
          check(
            '- { url: BASE/ok, retries: 0, expect: { bodyContains: [all, ok], bodyMatches: "^all\\\\s+ok\\\\s*$" } }',
          ),
        )
      ).ok,
    ).toBe(true);
    const bad = await run(
      check('- { url: BASE/ok, retries: 0, expect: { bodyContains: [all, ready, done], bodyMatches: "^ready" } }'),
    );
    expect(bad.failure).toBe(
      'body does not contain "ready"; body does not contain "done"; body does not match /^ready/',
    );
  });

  test('JSON path values', async () => {
    const good = check(`
- url: BASE/json
  retries: 0
  expect:
    json:
      - { path: $.status, equals: up }
      - { path: "$.items[1].name", equals: b }
      - { path: "$.items[-1]", equals: { name: b } }
      - { path: $.version }
      - { path: $.error, equals: null }
      - { path: $.missing, exists: false }
`);
    expect((await run(good)).ok).toBe(true);
    const bad = check(`
- url: BASE/json
  retries: 0
  expect:
    json:
      - { path: $.status, equals: down }
      - { path: $.version, equals: 1.2 }
      - { path: "$.items[5].name", equals: z }
      - { path: $.status.code }
      - { path: $.items, exists: false }
`);
    expect((await run(bad)).failure).toBe(
      [
        'json $.status: expected "down", got "up"',
        'json $.version: expected 1.2, got "1.2.3"',
        'json $.items[5].name: expected "z", got nothing ($.items has 2 items)',
        'json $.status.code: missing ($.status is a string, not an object)',
        'json $.items: expected to be absent, got [{"name":"a"},{"name":"b"}]',
      ].join('; '),
    );
    expect(
      (await run(check('- { url: BASE/html, retries: 0, expect: { json: [{ path: $.status, equals: up }] } }')))
        .failure,
    ).toBe('json: body is not JSON (starts with "<html><body>hello</body></html>")');
  });

  test('latency budget', async () => {
    expect((await run(check('- { url: BASE/ok, retries: 0, expect: { maxLatency: 2s } }'))).ok).toBe(true);
    const slow = await run(check('- { url: "BASE/slow?ms=150", retries: 0, expect: { maxLatencyMs: 50 } }'));
    expect(slow.failure).toMatch(/^latency (\d+) ms > 50 ms$/);
    expect(Number(/latency (\d+)/.exec(slow.failure!)![1])).toBeGreaterThanOrEqual(140);
    expect(slow.status).toBe(200);
  });

  test('a wrong status is reported alone, without noise from the body expectations', async () => {
    const r = await run(
      check('- { url: BASE/status/502, retries: 0, expect: { bodyContains: ok, json: [{ path: $.a }] } }'),
    );
    expect(r.failure).toBe('status 502 (expected 200)');
  });

  test('redirects are answers unless followRedirects is set', async () => {
    expect((await run(check('- { url: BASE/redirect, retries: 0 }'))).failure).toBe('status 301 (expected 200)');
    expect((await run(check('- { url: BASE/redirect, retries: 0, expect: { status: 301 } }'))).ok).toBe(true);
    expect(
      await run(check('- { url: BASE/redirect, retries: 0, followRedirects: true, expect: { bodyContains: all ok } }')),
    ).toMatchObject({ ok: true, status: 200 });
  });

  test('method, headers and body reach the server', async () => {
    const c = check(`
- url: BASE/echo
  method: PUT
  headers: { X-Request-Source: smoke }
  body: { hello: world }
  retries: 0
  expect:
    json:
      - { path: $.method, equals: PUT }
      - { path: "$.headers['x-request-source']", equals: smoke }
      - { path: "$.headers['content-type']", equals: application/json }
      - { path: $.body, equals: '{"hello":"world"}' }
`);
    expect((await run(c)).ok).toBe(true);
  });

  test('a body larger than the limit is cut, and the message says so', async () => {
    const small = httpTransport({ maxBodyBytes: 1000 });
    const r = await run(check('- { url: BASE/big, retries: 0, expect: { bodyContains: TAIL } }'), { transport: small });
    expect(r.failure).toBe('body does not contain "TAIL" (first 1000 characters read)');
    expect((await run(check('- { url: BASE/big, retries: 0, expect: { bodyContains: TAIL } }'))).ok).toBe(true);
  });
});

describe('retries, deadline, timeout, cancellation', () => {
  test('a flaky service is retried until it answers', async () => {
    const r = await run(check('- { name: warmup, url: "BASE/flaky?id=a&fail=2", retries: 5, intervalMs: 20 }'));
    expect(r).toMatchObject({ ok: true, attempts: 3, status: 200 });
    expect(r.lines).toEqual([
      `smoke warmup: GET ${base}/flaky?id=a&fail=2`,
      'smoke warmup: attempt 1/6 failed: status 503 (expected 200); retrying in 20 ms',
      'smoke warmup: attempt 2/6 failed: status 503 (expected 200); retrying in 20 ms',
      expect.stringMatching(/^smoke warmup: ok \(200 in \d+ ms, attempt 3\)$/),
    ]);
  });

  test('retries run out', async () => {
    const r = await run(check('- { name: down, url: BASE/status/500, retries: 2, intervalMs: 10 }'));
    expect(r).toMatchObject({ ok: false, attempts: 3, stoppedBy: 'retries', failure: 'status 500 (expected 200)' });
    expect(r.lines.at(-1)).toBe('smoke down: FAILED after 3 attempts: status 500 (expected 200)');
  });

  test('the overall deadline ends the retries', async () => {
    const started = Date.now();
    const r = await run(
      check('- { name: down, url: BASE/status/500, retries: 1000, interval: 50ms, deadline: 400ms }'),
    );
    const took = Date.now() - started;
    expect(r).toMatchObject({ ok: false, stoppedBy: 'deadline', failure: 'status 500 (expected 200)' });
    // At most one attempt per interval fits in the deadline (a loaded machine makes fewer, never more).
    expect(r.attempts).toBeGreaterThanOrEqual(2);
    expect(r.attempts).toBeLessThanOrEqual(9);
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(2000);
    expect(r.lines.at(-1)).toBe(
      `smoke down: FAILED deadline 400 ms reached after ${r.attempts} attempts: status 500 (expected 200)`,
    );
  });

  test('each attempt is bounded by the timeout, and by what is left of the deadline', async () => {
    let started = Date.now();
    const r = await run(check('- { url: BASE/hang, retries: 0, timeout: 100ms }'));
    expect(r).toMatchObject({ ok: false, attempts: 1, failure: 'timeout after 100 ms', stoppedBy: 'retries' });
    expect(Date.now() - started).toBeLessThan(1000);
    started = Date.now();
    const capped = await run(check('- { url: BASE/hang, retries: 5, timeout: 10s, deadline: 150ms }'));
    expect(capped).toMatchObject({ ok: false, attempts: 1, stoppedBy: 'deadline' });
    // The attempt's budget is what was left of the 150 ms deadline when it started (a little less on a
    // loaded machine), never the 10 s timeout.
    const budget = Number(/^timeout after (\d+) ms$/.exec(String(capped.failure))?.[1]);
    expect(budget).toBeGreaterThan(0);
    expect(budget).toBeLessThanOrEqual(150);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('a slow answer within the timeout passes; one past it is a timeout, then retried', async () => {
    expect((await run(check('- { url: "BASE/slow?ms=50", retries: 0, timeout: 1s }'))).ok).toBe(true);
    const r = await run(check('- { url: "BASE/slow?ms=400", retries: 1, interval: 10ms, timeout: 100ms }'));
    expect(r).toMatchObject({ ok: false, attempts: 2, failure: 'timeout after 100 ms' });
  });

  test('cancellation stops an attempt in flight at once', async () => {
    const ac = new AbortController();
    setTimeout(() => {
      ac.abort();
    }, 100);
    const started = Date.now();
    const r = await run(check('- { url: BASE/hang, retries: 10, timeout: 30s, deadline: 5m }'), { signal: ac.signal });
    expect(Date.now() - started).toBeLessThan(600);
    expect(r).toMatchObject({ ok: false, attempts: 1, failure: 'cancelled', stoppedBy: 'cancelled' });
  });

  test('cancellation stops the pause between attempts, and checks not started yet never run', async () => {
    const ac = new AbortController();
    setTimeout(() => {
      ac.abort();
    }, 100);
    const started = Date.now();
    const results = await runSmokeChecks(
      parseSmokeSpec(
        `
- { name: first, url: BASE/status/500, retries: 10, interval: 30s, deadline: 5m }
- { name: second, url: BASE/ok }
`.replaceAll('BASE', base),
        'test.yaml',
      ),
      { transport, signal: ac.signal, concurrency: 1, log: logSink().log },
    );
    expect(Date.now() - started).toBeLessThan(600);
    expect(results.map((r) => [r.name, r.ok, r.attempts, r.stoppedBy, r.failure])).toEqual([
      ['first', false, 1, 'cancelled', 'cancelled'],
      ['second', false, 0, 'cancelled', 'cancelled'],
    ]);
  });

  test('a transport that ignores the signal is still cut off by the timeout', async () => {
    const stuck: SmokeTransport = { request: () => new Promise(() => undefined) };
    const r = await run(check('- { url: BASE/ok, retries: 0, timeout: 80ms }'), { transport: stuck });
    expect(r.failure).toBe('timeout after 80 ms');
  });

  test('connection refused is named as such', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) =>
      closed.close(() => {
        r();
      }),
    );
    const r = await run(check(`- { url: "http://127.0.0.1:${port}/", retries: 1, interval: 10ms }`));
    expect(r).toMatchObject({ ok: false, attempts: 2, failure: 'connection refused' });
    expect(r.status).toBeUndefined();
  });

  test('checks run concurrently and results keep the spec order', async () => {
    const checks = parseSmokeSpec(
      ['a', 'b', 'c', 'd']
        .map((n, i) => `- { name: ${n}, url: "BASE/slow?ms=${400 - i * 50}", retries: 0 }`)
        .join('\n')
        .replaceAll('BASE', base),
      'test.yaml',
    );
    const started = Date.now();
    const results = await runSmokeChecks(checks, { transport, log: logSink().log });
    // One after another would take 1.3 s.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
      ['d', true],
    ]);
  });
});

describe('ingress targets', () => {
  test('the address is resolved per attempt; "no address yet" is retried', async () => {
    let calls = 0;
    const seen: unknown[] = [];
    const resolveIngress = (ing: { name?: string; namespace?: string }) => {
      seen.push(ing);
      return Promise.resolve(++calls < 3 ? undefined : `${base}/`);
    };
    const r = await run(
      check('- { name: public, path: /ok, ingress: { name: web, namespace: shop }, retries: 5, interval: 10ms }'),
      { resolveIngress },
    );
    expect(r).toMatchObject({ ok: true, attempts: 3, target: 'ingress shop/web/ok' });
    expect(seen[0]).toEqual({ name: 'web', namespace: 'shop' });
    expect(r.lines[1]).toBe('smoke public: attempt 1/6 failed: ingress shop/web has no address yet; retrying in 10 ms');
    const never = await run(check('- { path: /ok, retries: 1, interval: 10ms }'), {
      resolveIngress: () => Promise.resolve(undefined),
    });
    expect(never).toMatchObject({ ok: false, attempts: 2, failure: "the release's ingress has no address yet" });
  });

  test('an ingress that cannot resolve stops the check without retries', async () => {
    const r = await run(check('- { path: /ok, ingress: missing, retries: 5, interval: 10ms }'), {
      resolveIngress: () => Promise.reject(new Error('the release has no Ingress named "missing"')),
    });
    expect(r).toMatchObject({
      ok: false,
      attempts: 1,
      stoppedBy: 'error',
      failure: 'the release has no Ingress named "missing"',
    });
    const none = await run(check('- { path: /ok, retries: 5 }'));
    expect(none).toMatchObject({
      ok: false,
      attempts: 1,
      stoppedBy: 'error',
      failure: "an ingress target needs the release's Ingress address, and none is available here",
    });
  });
});

describe('secrets never reach results, logs or the report', () => {
  const token = 's3cr3t-token-value-42';
  const apiKey = 'key-abcdef-123456';

  test('secret header values echoed by the service are redacted everywhere', async () => {
    const c = check(`
- name: echo
  url: "BASE/echo?api_key=${apiKey}"
  headers: { Authorization: "Bearer ${token}", X-Api-Key: "${apiKey}", X-Trace: visible-trace }
  retries: 1
  interval: 10ms
  expect:
    bodyContains: nope
    json: [{ path: "$.headers['x-api-key']", equals: other }, { path: "$.headers.authorization", equals: x }]
`);
    const r = await run(c);
    expect(r.ok).toBe(false);
    expect(r.failure).toContain('json $.headers[\'x-api-key\']: expected "other", got "<redacted>"');
    expect(r.failure).toContain('json $.headers.authorization: expected "x", got "<redacted>"');
    expect(r.bodyExcerpt).toContain('<redacted>');
    expect(r.bodyExcerpt).toContain('visible-trace');
    expect(r.target).toBe(`${base}/echo?api_key=<redacted>`);
    expect(r.lines[0]).toBe(
      `smoke echo: GET ${base}/echo?api_key=<redacted> (Authorization: <redacted>, X-Api-Key: <redacted>, X-Trace: visible-trace)`,
    );
    const everything = [JSON.stringify(r), ...r.lines, smokeTable([r]), ...smokeLines([r])].join('\n');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(apiKey);
  });
});

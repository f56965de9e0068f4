import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserInputErrors } from '../../src/errors.js';
import { loadSmokeSpec } from '../../src/inputs/specs.js';
import { parseDuration } from '../../src/util/duration.js';
import { parseSmokeSpec, printableHeaders, SMOKE_DEFAULTS } from '../../src/smoke/spec.js';
import { parseJsonPath } from '../../src/smoke/json-path.js';
import { redactUrl } from '../../src/smoke/spec-target.js';
import { tempDir } from '../helpers/temp.js';

/** The messages of a spec that must not parse. */
function errorsOf(text: string, source = 'smoke.yaml'): string[] {
  try {
    parseSmokeSpec(text, source);
  } catch (err) {
    expect(err).toBeInstanceOf(UserInputErrors);
    return (err as UserInputErrors).errors.map((e) => e.message);
  }
  throw new Error('expected the spec to be rejected');
}

describe('parseSmokeSpec: valid specs', () => {
  test('the three target kinds, with defaults filled in', () => {
    const checks = parseSmokeSpec(
      `
- name: home
  path: /healthz
- name: api
  url: https://api.example.com/v1/status?verbose=1
  method: post
  body: { ping: true }
  expect:
    status: [200, 201]
    bodyContains: pong
    bodyMatches: '"ok":\\s*true'
    json:
      - { path: $.status, equals: up }
      - { path: "$.items[0]['display name']" }
      - { path: $.error, exists: false }
    maxLatency: 500ms
- name: orders
  service: { name: orders, namespace: shop, port: 8080 }
  path: /ready
  retries: 2
  interval: 250ms
  timeoutMs: 1500
  deadline: 1m30s
- ingress: { name: public, namespace: shop }
  path: /
`,
      'smoke.yaml',
    );
    expect(checks).toHaveLength(4);
    expect(checks[0]).toEqual({
      name: 'home',
      target: { ingress: {}, path: '/healthz' },
      method: 'GET',
      headers: {},
      secretHeaders: [],
      expect: { status: [200] },
      retries: SMOKE_DEFAULTS.retries,
      intervalMs: SMOKE_DEFAULTS.intervalMs,
      timeoutMs: SMOKE_DEFAULTS.timeoutMs,
      deadlineMs: SMOKE_DEFAULTS.deadlineMs,
      followRedirects: false,
    });
    expect(checks[1]).toMatchObject({
      target: { url: 'https://api.example.com/v1/status?verbose=1' },
      method: 'POST',
      body: '{"ping":true}',
      headers: { 'Content-Type': 'application/json' },
      expect: {
        status: [200, 201],
        bodyContains: ['pong'],
        bodyMatches: '"ok":\\s*true',
        json: [
          { path: '$.status', equals: 'up' },
          { path: "$.items[0]['display name']", exists: true },
          { path: '$.error', exists: false },
        ],
        maxLatencyMs: 500,
      },
    });
    expect(checks[2]).toMatchObject({
      target: { service: { name: 'orders', namespace: 'shop', port: 8080 }, path: '/ready' },
      retries: 2,
      intervalMs: 250,
      timeoutMs: 1500,
      deadlineMs: 90_000,
    });
    // An unnamed check is named after what it does.
    expect(checks[3]).toMatchObject({
      name: 'GET ingress shop/public/',
      target: { ingress: { name: 'public', namespace: 'shop' }, path: '/' },
    });
  });

  test('JSON input, and the { defaults, checks } form', () => {
    expect(parseSmokeSpec('[{"name":"a","url":"http://127.0.0.1:8080/"}]', 'input smoke-tests')[0]!.target).toEqual({
      url: 'http://127.0.0.1:8080/',
    });
    const checks = parseSmokeSpec(
      `
defaults:
  retries: 1
  timeout: 2s
  headers: { X-Team: shop, authorization: Bearer default-token }
checks:
  - name: a
    url: http://a.example/
  - name: b
    url: http://b.example/
    retries: 0
    headers: { Authorization: Bearer own-token }
`,
      'smoke.yaml',
    );
    expect(checks.map((c) => [c.retries, c.timeoutMs])).toEqual([
      [1, 2000],
      [0, 2000],
    ]);
    // Header names are case-insensitive: the check's own Authorization replaces the default one.
    expect(checks[1]!.headers).toEqual({ 'X-Team': 'shop', Authorization: 'Bearer own-token' });
    expect(checks[0]!.secretHeaders).toEqual(['authorization']);
  });

  test('secret headers are marked by name and print as <redacted>', () => {
    const [check] = parseSmokeSpec(
      `
- url: https://x.example/
  headers:
    Authorization: Bearer abc
    Cookie: s=1
    X-Api-Key: k
    X-Auth-Token: t
    X-Client-Secret: s
    Accept: application/json
`,
      's.yaml',
    );
    expect(check!.secretHeaders.sort()).toEqual([
      'authorization',
      'cookie',
      'x-api-key',
      'x-auth-token',
      'x-client-secret',
    ]);
    expect(printableHeaders(check!)).toEqual({
      Authorization: '<redacted>',
      Cookie: '<redacted>',
      'X-Api-Key': '<redacted>',
      'X-Auth-Token': '<redacted>',
      'X-Client-Secret': '<redacted>',
      Accept: 'application/json',
    });
  });

  test('durations, JSON paths and URL redaction helpers', () => {
    expect([
      parseDuration('500ms'),
      parseDuration('2s'),
      parseDuration('1.5s'),
      parseDuration('1m30s'),
      parseDuration('1h'),
      parseDuration('5'),
      parseDuration('2 s'),
    ]).toEqual([500, 2000, 1500, 90_000, 3_600_000, undefined, undefined]);
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath(`$.a.b[0]['c d']["e"][-1]`)).toEqual(['a', 'b', 0, 'c d', 'e', -1]);
    expect(() => parseJsonPath('a.b')).toThrow(/starts with "\$"/);
    expect(() => parseJsonPath('$.a[x]')).toThrow(/position 4/);
    expect(redactUrl('https://user:pw@h.example/p?token=abc&x=1&sig=zz')).toBe(
      'https://<redacted>@h.example/p?token=<redacted>&x=1&sig=<redacted>',
    );
  });

  test('loadSmokeSpec reads a file and names it in errors; inline text is "input smoke-tests"', async () => {
    const dir = tempDir('smoke-');
    const file = join(dir, 'smoke.yaml');
    await writeFile(file, '- name: x\n  url: ftp://x.example/\n');
    await expect(loadSmokeSpec({ file })).rejects.toThrow(
      `${file}: [0] "x" (line 1) url: only http:// and https:// URLs can be checked, got "ftp"`,
    );
    await expect(loadSmokeSpec({ file: join(dir, 'missing.yaml') })).rejects.toThrow(
      `${join(dir, 'missing.yaml')}: file not found`,
    );
    await expect(loadSmokeSpec({ text: '- url: http://x.example/\n  retries: -1\n' })).rejects.toThrow(
      'input smoke-tests: [0] (line 1) retries: expected a whole number 0-1000, got -1',
    );
  });
});

describe('parseSmokeSpec: every error names the source, the check and the field', () => {
  test('YAML syntax errors carry line and column', () => {
    const errs = errorsOf('- name: a\n  url: [unclosed\n');
    expect(errs[0]).toMatch(/^smoke\.yaml: line \d+, column \d+: /);
    expect(errorsOf('- name: a\n  name: b\n  url: http://x/\n')[0]).toMatch(
      /^smoke\.yaml: line 2, column 3: .*unique/i,
    );
  });

  test('not a list, empty list', () => {
    expect(errorsOf('name: a\n')).toEqual([
      'smoke.yaml: name: unknown key (expected a list of checks, or "defaults" and "checks")',
      'smoke.yaml: checks: expected a list of checks, got nothing',
    ]);
    expect(errorsOf('')).toEqual(['smoke.yaml: the smoke-test list is empty']);
    expect(errorsOf('[]')).toEqual(['smoke.yaml: checks: the smoke-test list is empty']);
    expect(errorsOf('"just text"')).toEqual(['smoke.yaml: expected a list of checks, got string "just text"']);
  });

  test('unknown keys, with a suggestion', () => {
    expect(errorsOf('- name: a\n  url: http://x/\n  retry: 3\n  expect: { staus: 200 }\n')).toEqual([
      'smoke.yaml: [0] "a" (line 1) retry: unknown key (did you mean "retries"?); known: name, url, path, ingress, service, method, headers, body, expect, retries, interval, intervalMs, timeout, timeoutMs, deadline, deadlineMs, followRedirects',
      'smoke.yaml: [0] "a" (line 1) expect.staus: unknown key (did you mean "status"?); known: status, bodyContains, bodyMatches, json, maxLatency, maxLatencyMs',
    ]);
  });

  test('bad regex, bad status, bad method, bad scheme, bad JSON path', () => {
    const errs = errorsOf(`
- name: regex
  url: http://x/
  expect: { bodyMatches: "(unclosed" }
- name: status
  url: http://x/
  expect: { status: [200, 99, "abc"] }
- name: method
  url: http://x/
  method: FETCH
- name: scheme
  url: file:///etc/passwd
- name: json
  url: http://x/
  expect: { json: [{ path: status, equals: up }, { path: $.a, equals: 1, exists: false }] }
`);
    expect(errs).toEqual([
      'smoke.yaml: [0] "regex" (line 2) expect.bodyMatches: invalid regular expression "(unclosed": Unterminated group',
      'smoke.yaml: [1] "status" (line 5) expect.status[1]: expected an HTTP status code 100-599, got 99',
      'smoke.yaml: [1] "status" (line 5) expect.status[2]: expected an HTTP status code 100-599, got "abc"',
      'smoke.yaml: [2] "method" (line 8) method: expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got "FETCH"',
      'smoke.yaml: [3] "scheme" (line 11) url: only http:// and https:// URLs can be checked, got "file"',
      'smoke.yaml: [4] "json" (line 13) expect.json[0].path: a JSON path starts with "$" in "status" (expected a JSON path like $.status or $.items[0].name)',
      'smoke.yaml: [4] "json" (line 13) expect.json[1]: equals and exists: false contradict each other',
    ]);
  });

  test('targets: none, two, path with url, bad service, Authorization through the service proxy', () => {
    const errs = errorsOf(`
- name: none
- name: two
  url: http://x/
  service: { name: web, port: 80 }
- name: url-path
  url: http://x/
  path: /a
- name: svc
  service: { name: Web_1, port: 70000, protocol: TCP }
- name: proxied-auth
  service: { name: web, port: http }
  headers: { Authorization: Bearer s3cr3t-value }
- name: relative
  path: healthz
`);
    expect(errs).toEqual([
      'smoke.yaml: [0] "none" (line 2) url/path/service: missing target: give url, path (on the release\'s Ingress address), or service (+ path)',
      'smoke.yaml: [1] "two" (line 3) url/service: give one target: url, service (+ path), or path (+ ingress); got url and service',
      'smoke.yaml: [2] "url-path" (line 6) path: path goes with service or ingress; with url, put the path in the URL',
      'smoke.yaml: [3] "svc" (line 9) service.protocol: unknown key; known: name, namespace, port, scheme',
      'smoke.yaml: [3] "svc" (line 9) service.name: expected a Service name (DNS-1123 label), got "Web_1"',
      'smoke.yaml: [3] "svc" (line 9) service.port: expected a port number 1-65535 or a port name, got 70000',
      'smoke.yaml: [4] "proxied-auth" (line 11) headers.Authorization: the API server\'s service proxy consumes Authorization for its own authentication and does not forward it; use another header or a url/ingress target',
      'smoke.yaml: [5] "relative" (line 14) path: expected a path starting with "/", got "healthz"',
    ]);
    expect(errs.join('\n')).not.toContain('s3cr3t-value');
  });

  test('headers, bodies, durations, duplicates', () => {
    const errs = errorsOf(`
- name: h
  url: http://x/
  headers: { "Bad Name": x, Host: y, X-List: [1], Authorization: "Bearer top\\nsecret", X-Plain: "a\\nb" }
- name: b
  url: http://x/
  body: hello
- name: d
  url: http://x/
  interval: 5 seconds
  timeout: 0
  deadline: 1s
  deadlineMs: 1000
- name: d
  url: http://y/
  expect: { maxLatencyMs: "fast" }
`);
    expect(errs).toEqual([
      'smoke.yaml: [0] "h" (line 2) headers.Bad Name: not a valid header name',
      'smoke.yaml: [0] "h" (line 2) headers.Host: set by the HTTP client; it cannot be given',
      'smoke.yaml: [0] "h" (line 2) headers.X-List: expected a string value, got a list',
      'smoke.yaml: [0] "h" (line 2) headers.Authorization: a header value cannot contain line breaks or NUL',
      'smoke.yaml: [0] "h" (line 2) headers.X-Plain: a header value cannot contain line breaks or NUL, got "a\\nb"',
      'smoke.yaml: [1] "b" (line 5) body: a GET request cannot carry a body (use POST, PUT or PATCH)',
      'smoke.yaml: [2] "d" (line 8) interval: expected a duration like 500ms, 5s or 2m (or a number of milliseconds), got "5 seconds"',
      'smoke.yaml: [2] "d" (line 8) timeout: expected a positive duration like 500ms, 5s or 2m (or a number of milliseconds), got 0',
      'smoke.yaml: [2] "d" (line 8) deadline: give deadline or deadlineMs, not both',
      'smoke.yaml: [3] "d" (line 14) expect.maxLatencyMs: expected a positive number of milliseconds, got "fast"',
    ]);
    expect(errs.join('\n')).not.toContain('top');
  });

  test('a duplicate name is reported against the second check', () => {
    expect(errorsOf('- { name: a, url: "http://x/" }\n- { name: a, url: "http://y/" }\n')).toEqual([
      'smoke.yaml: [1] "a" (line 2) name: duplicate check name "a" (also check [0]); names identify results',
    ]);
  });

  test('errors in defaults name the defaults', () => {
    expect(errorsOf('defaults: { retries: lots, pause: 1s }\nchecks:\n  - url: http://x/\n')).toEqual([
      'smoke.yaml: defaults.pause: unknown key; known: headers, retries, interval, intervalMs, timeout, timeoutMs, deadline, deadlineMs, followRedirects',
      'smoke.yaml: defaults.retries: expected a whole number 0-1000, got "lots"',
    ]);
  });
});

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseAlbLogLine, readAlbLogs, recordedRequests } from '../../src/cutover/access-log.js';
import { parseParityRequests } from '../../src/cutover/requests.js';
import { tempDir } from '../helpers/temp.js';

describe('parity request list (smoke format + safe, compare, ignore)', () => {
  test('reads the parity keys and hands the rest to the smoke parser', () => {
    const reqs = parseParityRequests(
      [
        '- name: orders',
        '  path: /api/orders?limit=5',
        '  ignore: [$.generatedAt, "$.items[*].etag"]',
        '  compare: values',
        '- { name: css, path: /static/app.css, compare: hash }',
      ].join('\n'),
      'requests.yaml',
    );
    expect(reqs.map((r) => [r.name, r.method, r.path, r.compare, r.ignore.map((i) => i.text)])).toEqual([
      ['orders', 'GET', '/api/orders?limit=5', 'values', ['$.generatedAt', '$.items[*].etag']],
      ['css', 'GET', '/static/app.css', 'hash', []],
    ]);
  });

  test('a write is refused unless marked safe: true, naming the request and the method', () => {
    const text = ['- name: create order', '  method: POST', '  path: /api/orders', '  body: { sku: T-1 }'].join('\n');
    expect(() => parseParityRequests(text, 'requests.yaml')).toThrow(
      /requests\.yaml: "create order" method: POST writes.*refused unless marked safe: true/,
    );
    const [r] = parseParityRequests(`${text}\n  safe: true`, 'requests.yaml');
    expect(r).toMatchObject({ method: 'POST', safe: true, body: '{"sku":"T-1"}' });
    expect(() => parseParityRequests('- { name: wipe, method: DELETE, path: /api/orders/1 }', 'r.yaml')).toThrow(
      /DELETE writes/,
    );
  });

  test('smoke-parser errors keep their line numbers after parity keys are taken out', () => {
    const text = ['- name: a', '  safe: true', '  path: /a', '- name: b', '  ignore: [$.x]', '  path: nope'].join('\n');
    expect(() => parseParityRequests(text, 'r.yaml')).toThrow(
      /\[1\] "b" \(line 4\) path: expected a path starting with "\/"/,
    );
  });

  test('url and service targets are refused: parity sends one path to both sides', () => {
    expect(() => parseParityRequests('- url: https://example.com/x', 'r.yaml')).toThrow(
      /give path: \/… instead of url/,
    );
    expect(() => parseParityRequests('- { path: /x, compare: bytes }', 'r.yaml')).toThrow(
      /compare: expected one of auto, shape, values, hash, status/,
    );
  });
});

const line = (request: string, status = 200) =>
  `https 2026-05-02T10:01:02.123456Z app/ecs-web/50dc6c495c0c9188 203.0.113.7:52311 10.0.1.23:8080 0.000 0.012 0.000 ${status} ${status} 312 1840 "${request}" "curl/8.5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ecs-web/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "shop.example.com" "-" 0 2026-05-02T10:01:02.111000Z "forward" "-" "-" "10.0.1.23:8080" "200" "-" "-"`;

describe('ALB access logs', () => {
  test('the request field gives method, path and query', () => {
    expect(parseAlbLogLine(line('GET http://shop.example.com:80/api/orders?limit=5 HTTP/1.1'))).toMatchObject({
      method: 'GET',
      path: '/api/orders?limit=5',
      host: 'shop.example.com',
      elbStatus: 200,
    });
    expect(parseAlbLogLine(line('- http://shop.example.com:80- -', 400))).toMatch(/not "METHOD URL PROTOCOL"/);
  });

  test('most frequent reads first, writes never replayed, gzip read, bad lines counted', async () => {
    const dir = tempDir('alb-logs-');
    const a = join(dir, 'a.log.gz');
    const b = join(dir, 'b.log');
    await writeFile(
      a,
      gzipSync(
        [
          line('GET http://h:80/b HTTP/1.1'),
          line('GET http://h:80/a HTTP/1.1'),
          line('POST http://h:80/orders HTTP/1.1'),
        ].join('\n'),
      ),
    );
    await writeFile(
      b,
      [line('GET http://h:80/a HTTP/1.1'), 'garbage', line('GET https://h:443/c?x=1 HTTP/2.0')].join('\n'),
    );
    const logs = await readAlbLogs([a, b]);
    expect(logs.entries).toHaveLength(5);
    expect(logs.invalidCount).toBe(1);
    expect(logs.invalid[0]).toMatch(/b\.log:2: expected at least 13 fields/);
    const rec = recordedRequests(logs.entries, { limit: 2, timeoutMs: 1000 });
    expect(rec.requests.map((r) => [r.name, r.origin])).toEqual([
      ['GET /a', 'access log (2×)'],
      ['GET /b', 'access log (1×)'],
    ]);
    expect(rec.refusedWrites).toEqual(['POST /orders (1×)']);
    expect(rec.notSent).toBe(1);
  });
});

import { UserInputErrors } from '../../src/errors.js';
import { overrideMatches, parseImageOverrides, parseImageRef, substituteImage } from '../../src/manifests/images.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

function errorsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserInputErrors) return err.errors.map((e) => e.message);
    throw err;
  }
  throw new Error('expected UserInputErrors');
}

describe('parseImageRef', () => {
  test.each([
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['team/web', { repository: 'team/web' }],
    [`${ECR}/web:1.0.0`, { registry: ECR, repository: 'web', tag: '1.0.0' }],
    [
      'registry.internal:5000/platform/envoy:v1.31',
      { registry: 'registry.internal:5000', repository: 'platform/envoy', tag: 'v1.31' },
    ],
    ['localhost:5000/web', { registry: 'localhost:5000', repository: 'web' }],
    ['localhost/web', { registry: 'localhost', repository: 'web' }],
    ['[::1]:5000/web:tag', { registry: '[::1]:5000', repository: 'web', tag: 'tag' }],
    [`web@${DIGEST}`, { repository: 'web', digest: DIGEST }],
    [`${ECR}/web:1.0.0@${DIGEST}`, { registry: ECR, repository: 'web', tag: '1.0.0', digest: DIGEST }],
    ['docker.io/library/nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['a__b/c-d--e.f:T_1', { repository: 'a__b/c-d--e.f', tag: 'T_1' }],
  ])('%s', (ref, want) => {
    expect(parseImageRef(ref)).toEqual(want);
  });

  test.each([
    ['', /non-empty/],
    ['Web', /invalid repository "Web"/],
    ['web:', /invalid tag ""/],
    ['web:-x', /invalid tag "-x"/],
    [`web:${'a'.repeat(129)}`, /invalid tag/],
    ['web@sha256:abc', /invalid digest/],
    [`web@md5:${'a'.repeat(32)}`, /digest algorithm "md5"/],
    [`web@sha256:${'a'.repeat(63)}`, /63 hex digits; expected 64/],
    [`web@sha256:${'A'.repeat(64)}`, /upper-case/],
    ['host:port/web', /invalid registry host "host:port"/],
    ['web//x', /invalid repository/],
    ['-web', /invalid repository/],
    [' web', /white space/],
    ['a'.repeat(256), /longer than 255/],
    ['$IMAGE', /invalid repository/],
  ])('refuses %j', (ref, message) => {
    expect(() => parseImageRef(ref)).toThrow(message);
  });
});

describe('override matching and substitution', () => {
  const m = (name: string, image: string): boolean => overrideMatches(parseImageRef(name), parseImageRef(image));

  test('a bare name matches that repository in any registry, never another repository', () => {
    expect(m('web', 'web')).toBe(true);
    expect(m('web', 'web:1')).toBe(true);
    expect(m('web', `${ECR}/web:1`)).toBe(true);
    expect(m('web', 'localhost:5000/web')).toBe(true);
    expect(m('web', 'team/web')).toBe(false);
    expect(m('web', 'webapp')).toBe(false);
    expect(m('team/web', 'registry.internal:5000/team/web:3')).toBe(true);
  });

  test('a name with a registry matches only that registry; Docker Hub spellings are one', () => {
    expect(m(`${ECR}/web`, `${ECR}/web:1`)).toBe(true);
    expect(m(`${ECR}/web`, 'web:1')).toBe(false);
    expect(m(`${ECR}/web`, 'other.example.com/web:1')).toBe(false);
    expect(m('docker.io/library/nginx', 'nginx:1.27')).toBe(true);
    expect(m('docker.io/nginx', 'index.docker.io/library/nginx')).toBe(true);
    expect(m('nginx', 'docker.io/library/nginx:1')).toBe(true);
    expect(m('nginx', `${ECR}/library/nginx`)).toBe(false);
  });

  test('pins by digest when one is known, dropping the tag; otherwise uses the ref', () => {
    const current = parseImageRef(`${ECR}/web:1.0.0`);
    expect(substituteImage(current, { name: 'web', digest: DIGEST })).toBe(`${ECR}/web@${DIGEST}`);
    expect(substituteImage(current, { name: 'web', ref: `${ECR}/web:2.0.0` })).toBe(`${ECR}/web:2.0.0`);
    expect(substituteImage(current, { name: 'web', ref: 'registry.internal:5000/web:2', digest: DIGEST })).toBe(
      `registry.internal:5000/web@${DIGEST}`,
    );
    expect(substituteImage(current, { name: 'web', ref: `other/web:9@${DIGEST}` })).toBe(`other/web@${DIGEST}`);
  });
});

describe('parseImageOverrides', () => {
  test('lines name=ref, name=ref@digest, name@digest, comments and blank lines', () => {
    const text = `# built by this run\nweb=${ECR}/web:abc123\n\napi = ${ECR}/api:v2@${DIGEST}\nworker@${DIGEST}\njob=${DIGEST}\n`;
    expect(parseImageOverrides(text, 'images')).toEqual([
      { name: 'web', ref: `${ECR}/web:abc123` },
      { name: 'api', ref: `${ECR}/api:v2`, digest: DIGEST },
      { name: 'worker', digest: DIGEST },
      { name: 'job', digest: DIGEST },
    ]);
  });

  test('a YAML list and a JSON list (with BOM) give the same overrides', () => {
    const yaml = `- name: web\n  ref: ${ECR}/web:1\n  digest: ${DIGEST}\n- "api=${ECR}/api:2"\n`;
    const json = `\uFEFF[{"name":"web","ref":"${ECR}/web:1","digest":"${DIGEST}"},"api=${ECR}/api:2"]`;
    const want = [
      { name: 'web', ref: `${ECR}/web:1`, digest: DIGEST },
      { name: 'api', ref: `${ECR}/api:2` },
    ];
    expect(parseImageOverrides(yaml, 'images')).toEqual(want);
    expect(parseImageOverrides(json, 'images')).toEqual(want);
    expect(parseImageOverrides('  \n', 'images')).toEqual([]);
  });

  test('every bad entry is reported at once, naming the field and the entry', () => {
    const errors = errorsOf(() =>
      parseImageOverrides(
        [
          '- name: web:1',
          '  ref: web:2',
          '- name: api',
          '  ref: "API:2"',
          '- name: job',
          '  digest: sha256:1234',
          '- name: cron',
          '- name: x',
          '  ref: x:1',
          '  tag: "2"',
          '- name: x',
          '  ref: x:3',
          '- 42',
          `- name: y`,
          `  ref: y@${DIGEST}`,
          `  digest: sha256:${'f'.repeat(64)}`,
        ].join('\n'),
        'images',
      ),
    );
    expect(errors).toEqual([
      expect.stringMatching(/^images\[0\]\.name: "web:1" must be a repository without tag or digest/),
      expect.stringMatching(/^images\[1\]\.ref: "API:2" has an invalid repository/),
      expect.stringMatching(/^images\[2\]\.digest: .*invalid digest/),
      expect.stringMatching(/^images\[3\]: image "cron" needs a ref, a digest or both/),
      expect.stringMatching(/^images\[4\]: unknown key "tag"/),
      expect.stringMatching(/^images\[6\]: expected a mapping .* got 42/),
      expect.stringMatching(/^images\[7\]: ref "y@sha256:0123.*" carries digest .* but digest says sha256:ffff/),
    ]);
  });

  test('line form errors name the line; a name listed twice is refused', () => {
    const errors = errorsOf(() => parseImageOverrides(`web=web:1\nnonsense\napi=\nweb=web:2\ndb=Db:1`, 'images'));
    expect(errors).toEqual([
      expect.stringMatching(/^images line 2: expected "name=ref"/),
      expect.stringMatching(/^images line 3: no image reference after "=" for "api"/),
      expect.stringMatching(/^images line 5 \(ref\): "Db:1" has an invalid repository/),
      expect.stringMatching(/^images line 4: image "web" is listed twice \(first at images line 1\)/),
    ]);
  });

  test('a YAML list with an alias bomb or duplicate keys is refused, not expanded', () => {
    expect(errorsOf(() => parseImageOverrides('- &a {name: web, ref: "web:1"}\n- *a\n', 'images'))[0]).toMatch(
      /^images: not a valid YAML\/JSON list/,
    );
    expect(errorsOf(() => parseImageOverrides('- name: web\n  name: api\n  ref: x:1\n', 'images'))[0]).toMatch(
      /^images: not a valid YAML\/JSON list: Map keys must be unique/,
    );
  });
});

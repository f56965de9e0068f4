/** Reading a builder's failed output: the step, the refused push, the last lines; and secret redaction. */
import { describeFailure, failedStep, pushDenial } from '../../src/image/failure.js';
import { redact, spawnRunner } from '../../src/image/process.js';
import { logSink } from '../helpers/artefacts.js';

describe('failed builder output', () => {
  test('the failing step, from buildah (single and multi-stage) and buildx output', () => {
    expect(
      failedStep([
        'STEP 1/3: FROM scratch',
        'STEP 2/3: COPY app /app',
        'Error: building at STEP "COPY app /app": no such file',
      ]),
    ).toBe('STEP 2/3: COPY app /app');
    expect(
      failedStep([
        '[1/2] STEP 1/4: FROM golang AS build',
        '[1/2] STEP 4/4: RUN go build ./...',
        'Error: building at STEP "RUN go build ./...": exit status 1',
      ]),
    ).toBe('stage 1/2 STEP 4/4: RUN go build ./...');
    expect(
      failedStep([
        '#1 [internal] load build definition from Dockerfile',
        '#9 [build 3/5] RUN make',
        '#9 ERROR: exit code: 2',
      ]),
    ).toBe('[build 3/5] RUN make');
    expect(
      failedStep([
        '#1 [internal] load build definition from Dockerfile',
        'ERROR: failed to solve: dockerfile parse error on line 3: unknown instruction: NOPE',
      ]),
    ).toBe('reading the Dockerfile');
    expect(failedStep(['something else entirely'])).toBeUndefined();
  });

  test('a refused push: the missing ECR action when ECR names it, the push permissions when it does not, a refused login', () => {
    expect(
      pushDenial([
        'denied: User: arn:aws:iam::1:user/ci is not authorized to perform: ecr:CompleteLayerUpload on resource: arn:aws:ecr:us-east-1:1:repository/web',
      ]),
    ).toBe(
      'ECR denied the push: the role lacks ecr:CompleteLayerUpload on the repository (a push needs ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:PutImage)',
    );
    expect(
      pushDenial([
        'Error: writing blob: initiating layer upload to /v2/web/blobs/uploads/ in 1.dkr.ecr.us-east-1.amazonaws.com: denied: Your authorization token has expired. Reauthenticate and try again.',
      ]),
    ).toMatch(/^ECR denied the push: the role needs ecr:BatchCheckLayerAvailability/);
    expect(
      pushDenial([
        'Error: pushing image "x" to "docker://127.0.0.1:5000/web:1": checking whether a blob sha256:ab exists in 127.0.0.1:5000/web: unauthorized: authentication required',
      ]),
    ).toMatch(/^the registry refused the login/);
    expect(pushDenial(['Error: some network failure'])).toBeUndefined();
  });

  test('the message shows at most the last 20 non-blank lines', () => {
    const lines = Array.from({ length: 50 }, (_, i) => (i % 2 ? '' : `line ${i}`));
    const message = describeFailure({
      image: 'web',
      phase: 'build',
      builder: 'buildah',
      command: 'buildah build',
      code: 1,
      signal: null,
      lines,
    });
    const shown = message.split('\n').filter((l) => l.startsWith('  | '));
    expect(shown).toHaveLength(20);
    expect(shown.at(-1)).toBe('  | line 48');
    expect(message.split('\n')[0]).toBe('image "web": buildah build failed (buildah build, exit code 1)');
  });
});

describe('secrets in command output', () => {
  test('redact replaces every occurrence, and ignores strings too short to be secrets', () => {
    expect(redact('auth=c2VjcmV0 pass=s3cr3t! again s3cr3t!', ['s3cr3t!', 'c2VjcmV0', 'ab'])).toBe(
      'auth=*** pass=*** again ***',
    );
  });

  test('the runner redacts lines it passes on and keeps, and a missing executable is exit 127', async () => {
    const { lines: seen, log } = logSink();
    const r = await spawnRunner.run(
      'sh',
      ['-c', 'read p; echo "got $p"; echo "to stderr $p" >&2; printf "no newline $p"'],
      { stdin: 'hunter22\n', secrets: ['hunter22'], onLine: log },
    );
    expect(r.code).toBe(0);
    expect([...seen].sort()).toEqual(['got ***', 'no newline ***', 'to stderr ***']);
    expect(r.lines.join('\n')).not.toContain('hunter22');
    const missing = await spawnRunner.run('/nonexistent/buildah', ['--version']);
    expect(missing.code).toBe(127);
    expect(missing.lines.at(-1)).toBe('/nonexistent/buildah: command not found');
  });
});

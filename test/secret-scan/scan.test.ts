/**
 * The whole-suite secret scan. scripts/test.sh runs the suite with canary secrets planted (AWS
 * keys and a GitHub token in the environment; moto's keys; the test fixtures' Secret values; the
 * sandbox's admin tokens and every EKS bearer token it was sent; the GitHub token the fake GitHub
 * was sent; the canaries of test/hardening/secrets.test.ts) and with every log line, output, job
 * summary, report file, PR comment/Deployment body and object written to the cluster (Secret
 * payloads aside) recorded in EFD_ARTEFACT_DIR; then this file runs alone and fails on any
 * canary in any of them.
 *
 * Run it through `npm test` (it reads what the rest of the suite recorded).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flushArtefacts, recordArtefact, registerCanary } from '../../src/sandbox/artefacts.js';
import { scanArtefacts } from './scan.js';

const dir = process.env['EFD_ARTEFACT_DIR'];

/** Fewest artefacts per channel a full run records (about half of what a full run records). */
const MINIMUM: Record<string, number> = {
  log: 1_000,
  stdout: 30,
  'child-output': 250,
  file: 100,
  github: 25,
  cluster: 700,
};

test("the scanner and the capture find a planted canary in a tool process's output and files, not in a 0600 credential file", async () => {
  const control = mkdtempSync(join(tmpdir(), 'efd-scan-control-'));
  const saved = process.env['EFD_ARTEFACT_DIR'];
  process.env['EFD_ARTEFACT_DIR'] = control;
  try {
    const canary = 'CANARY-control-5b1e0c9d7a';
    registerCanary('control canary', canary);
    recordArtefact('log', 'control log line', `token=${canary}`);
    flushArtefacts();
    // A process named like the tool: its stdout (base64 at offset 1) and a file it writes (plain) are artefacts;
    // its 0600 file is a credential file and is not.
    const script = join(control, 'eks-fargate-deploy-control.mjs');
    writeFileSync(
      script,
      [
        "import { writeFileSync } from 'node:fs';",
        `const c = ${JSON.stringify(canary)};`,
        "process.stdout.write(Buffer.concat([Buffer.from('x'), Buffer.from(c)]).toString('base64') + '\\n');",
        `writeFileSync(${JSON.stringify(join(control, 'report.md'))}, 'report: ' + c);`,
        `writeFileSync(${JSON.stringify(join(control, 'auth.json'))}, c, { mode: 0o600 });`,
      ].join('\n'),
    );
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', () => undefined);
      child.stderr.on('data', () => undefined);
      child.on('close', resolve);
    });
    expect(code).toBe(0);
    expect(readFileSync(join(control, 'auth.json'), 'utf8')).toBe(canary);
    flushArtefacts();
    const r = scanArtefacts(control);
    expect(r.leakCount).toBe(3);
    expect(r.leaks.find((l) => l.startsWith('[log] control log line'))).toMatch(/control canary \(plain\)$/);
    expect(r.leaks.find((l) => l.startsWith('[child-output]'))).toMatch(
      /eks-fargate-deploy-control\.mjs.*\(stdout\): control canary \(base64 at offset 1\)$/,
    );
    expect(r.leaks.find((l) => l.startsWith('[file]'))).toMatch(/report\.md\): control canary \(plain\)$/);
    expect(r.leaks.join('\n')).not.toContain('auth.json');
  } finally {
    process.env['EFD_ARTEFACT_DIR'] = saved;
    rmSync(control, { recursive: true, force: true });
  }
});

test('no canary in anything the whole suite produced', () => {
  if (!dir)
    throw new Error('EFD_ARTEFACT_DIR is not set: run the scan through `npm test`, which records the suite first');
  const r = scanArtefacts(dir);
  const channels = Object.entries(r.perChannel)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  console.log(
    `secret scan: ${r.artefacts} artefacts (${r.characters} characters: ${channels}), ${r.canaries} canaries × their encodings, ${r.leakCount} leaks`,
  );
  // Every channel really recorded (the scan is not vacuous).
  const short = Object.entries(MINIMUM)
    .map(([channel, min]) => ({ channel, min, n: r.perChannel[channel as keyof typeof r.perChannel] ?? 0 }))
    .filter((c) => c.n < c.min);
  expect(short).toEqual([]);
  expect(r.canaries).toBeGreaterThanOrEqual(20);
  expect(r.leaks).toEqual([]);
});

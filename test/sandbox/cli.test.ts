/** `eks-fargate-deploy sandbox`: flags, config file, kubeconfig that kubectl accepts, clean stop on a signal. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parseSandboxArgs, runSandboxCommand } from '../../src/sandbox/cli.js';
import { loadSandboxConfigFile } from '../../src/sandbox/config.js';
import { logSink } from '../helpers/artefacts.js';
import { eventually } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function kubectl(kubeconfig: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      args,
      {
        env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache') },
        timeout: 15_000,
      },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

test('flags are parsed and bad ones are named', () => {
  expect(parseSandboxArgs(['--port', '8443', '--kubeconfig=/tmp/k'])).toMatchObject({
    port: 8443,
    kubeconfig: '/tmp/k',
  });
  expect(() => parseSandboxArgs(['--port', 'http'])).toThrow('--port must be an integer 0-65535, got "http"');
  expect(() => parseSandboxArgs(['--verbose'])).toThrow('unknown flag "--verbose" for sandbox');
  expect(() => parseSandboxArgs(['--config'])).toThrow('flag --config needs a value');
});

test('a config file with a bad behaviour is rejected naming the file and image', async () => {
  const file = join(dir, 'sandbox.yaml');
  await writeFile(file, 'images:\n  behaviours:\n    web:1: exploding\n');
  await expect(loadSandboxConfigFile(file)).rejects.toThrow(
    `${file}: sandbox config images.behaviours["web:1"] is "exploding"; expected one of healthy, crashloop, never-ready, slow-start, http-500, oomkilled`,
  );
});

test('runs with a config file, writes a kubeconfig kubectl can use, stops on SIGTERM', async () => {
  const file = join(dir, 'sandbox.yaml');
  await writeFile(
    file,
    [
      'clusterName: demo',
      'fargateProfiles:',
      '  - name: apps',
      '    selectors: [{namespace: apps}]',
      'timing: {timeFactor: 0.01}',
      '',
    ].join('\n'),
  );
  const kubeconfig = join(dir, 'kube', 'config');
  const { lines, log } = logSink();
  const running = runSandboxCommand(['--config', file, '--kubeconfig', kubeconfig], log);
  await eventually('the startup banner', () => lines.some((l) => l.startsWith('Press Ctrl+C')));
  expect(lines[0]).toMatch(
    /^EKS-on-Fargate sandbox "demo" listening on https:\/\/127\.0\.0\.1:\d+ \(time factor 0\.01\)$/,
  );
  expect(lines).toContain('Fargate profiles: apps (apps)');
  expect(lines).toContain(`  export KUBECONFIG=${kubeconfig}`);
  const cfg = await readFile(kubeconfig, 'utf8');
  expect(cfg).toContain('certificate-authority-data:');
  expect(cfg).toContain('current-context: demo');
  const r = await kubectl(kubeconfig, ['get', 'ingressclass', 'alb', '-o', 'jsonpath={.spec.controller}']);
  expect(r).toMatchObject({ code: 0, stdout: 'ingress.k8s.aws/alb' });
  process.emit('SIGTERM');
  await expect(running).resolves.toBe(0);
  expect(lines.slice(-2)).toEqual(['received SIGTERM, stopping the sandbox', 'sandbox stopped']);
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(lines[0]!)![1]);
  const refused = await new Promise<string>((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve('connected');
    });
    s.on('error', (e: NodeJS.ErrnoException) => {
      resolve(e.code ?? 'error');
    });
  });
  expect(refused).toBe('ECONNREFUSED');
});

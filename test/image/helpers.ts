/**
 * Real parts for the image tests: the Debian `docker-registry` (distribution 2.8) on 127.0.0.1
 * with htpasswd auth, storage in a temp dir; buildah storage in a temp dir; build contexts holding
 * Debian's static busybox, so a `FROM scratch` image has a real binary and builds without network.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { registerCanary } from '../../src/sandbox/artefacts.js';
import { registerTempDir } from '../helpers/temp.js';

/** A running registry. */
export interface TestRegistry {
  /** `127.0.0.1:PORT`. */
  host: string;
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** Basic auth header value for the registry's user. */
  authorization: string;
  /** Everything the registry printed (drained continuously). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Start `docker-registry serve` on a kernel-chosen port with one htpasswd user. The registry prints
 * `listening on 127.0.0.1:PORT` at info level; that is how the port is learnt (no race).
 */
export async function startRegistry(opts: {
  dir: string;
  username: string;
  password: string;
  timeoutMs?: number;
}): Promise<TestRegistry> {
  mkdirSync(opts.dir, { recursive: true });
  registerCanary('registry password', opts.password);
  // Cost 4: the registry checks the hash on every request, and cost 10+ makes each push seconds slower.
  writeFileSync(join(opts.dir, 'htpasswd'), `${opts.username}:${bcrypt.hashSync(opts.password, 4)}\n`);
  writeFileSync(
    join(opts.dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: info',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(opts.dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      '  addr: 127.0.0.1:0',
      '  secret: test-only-upload-state-secret',
      'auth:',
      '  htpasswd:',
      '    realm: test-registry',
      `    path: ${join(opts.dir, 'htpasswd')}`,
      '',
    ].join('\n'),
  );
  // The shell watchdog kills the registry when this process dies, even by SIGKILL (stdin closes).
  const script = 'exec 3<&0; "$0" serve "$1" </dev/null & r=$!; ( cat <&3 >/dev/null; kill $r 2>/dev/null ) & wait $r';
  const child = spawn('sh', ['-c', script, 'docker-registry', join(opts.dir, 'config.yml')], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let port: number | undefined;
  const onData = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-16_384);
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
    if (m && port === undefined) port = Number(m[1]);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  // A holder, not a `let`: the exit handler flips it while the start-up loop below awaits.
  const registryProcess = { exited: false };
  const exit = new Promise<void>((r) =>
    child.once('exit', () => {
      registryProcess.exited = true;
      r();
    }),
  );
  const stop = async (): Promise<void> => {
    if (registryProcess.exited) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // gone already
    }
    const t = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 3000);
    await exit;
    clearTimeout(t);
    child.stdin.destroy();
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  while (port === undefined) {
    if (registryProcess.exited || Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const host = `127.0.0.1:${port}`;
  // It prints the address just before serving: wait until /v2/ answers (401 without credentials).
  for (;;) {
    try {
      const res = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`docker-registry on ${host} does not answer:\n${output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return {
    host,
    url: `http://${host}`,
    authorization: `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`,
    output: () => output,
    stop,
  };
}

/** The manifest `ref` of `repo` as the registry serves it: digest header, media type and bytes. */
export async function readManifest(
  reg: TestRegistry,
  repo: string,
  ref: string,
): Promise<{ status: number; digest: string | null; mediaType: string | null; body: string }> {
  const res = await fetch(`${reg.url}/v2/${repo}/manifests/${ref}`, {
    headers: {
      authorization: reg.authorization,
      accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
    },
  });
  return {
    status: res.status,
    digest: res.headers.get('docker-content-digest'),
    mediaType: res.headers.get('content-type'),
    body: await res.text(),
  };
}

/** A fresh temp dir under the OS temp dir (under jest, removed after the test file). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  registerTempDir(dir);
  return dir;
}

/** test/fixtures/image, from the sources (jest) or from build/test/image (the compiled bench). */
const FIXTURES =
  [new URL('../fixtures/image', import.meta.url), new URL('../../../test/fixtures/image', import.meta.url)]
    .map((u) => fileURLToPath(u))
    .find((p) => existsSync(p)) ?? fileURLToPath(new URL('../fixtures/image', import.meta.url));

/** A build context: the fixture Dockerfile `name` plus a copy of the static busybox. */
export function makeContext(parent: string, fixture: string, dirName = fixture): string {
  const dir = join(parent, dirName);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(FIXTURES, fixture, 'Dockerfile'), join(dir, 'Dockerfile'));
  copyFileSync('/bin/busybox', join(dir, 'busybox'));
  return dir;
}

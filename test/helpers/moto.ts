/**
 * A real `moto_server` (Python moto 5) for tests: the AWS SDK clients talk the real wire protocol
 * to it over HTTP on 127.0.0.1. Each test file starts its own server and stops it in `afterAll`.
 *
 * ```ts
 * let moto: MotoServer;
 * beforeAll(async () => { moto = await startMoto(); });
 * afterAll(async () => { await moto.stop(); });
 * const ecs = new ECSClient(awsTestEnv(moto.endpoint).clientConfig);
 * ```
 */
import { spawn } from 'node:child_process';
import { registerCanary } from '../../src/sandbox/artefacts.js';

/** A running moto_server. */
export interface MotoServer {
  /** `http://127.0.0.1:PORT`, for `endpoint` / `AWS_ENDPOINT_URL`. */
  endpoint: string;
  /** Stops the server (and waits for it to exit). Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** Give up if the server has not answered within this many milliseconds. Default 20 000. */
  timeoutMs?: number;
  /** The executable; default `moto_server` from PATH. */
  command?: string;
  /**
   * The AWS account moto answers as (MOTO_ACCOUNT_ID); default moto's own 123456789012, which is
   * AWS's documentation account and so a placeholder to `deploy`. Tests that deploy ECR images
   * without building them first give a real-looking account.
   */
  accountId?: string;
}

/** Last bytes of moto's output kept for error messages; moto logs a line per request. */
const OUTPUT_TAIL = 8192;

/**
 * Start `moto_server` on 127.0.0.1 on a port the kernel picks, and resolve once it answers HTTP.
 * Fails with moto's own output if it exits early or does not answer within `timeoutMs`.
 */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const command = options.command ?? 'moto_server';
  const deadline = Date.now() + timeoutMs;

  // Port 0 lets the kernel choose a free port with no race between "find a port" and "bind it";
  // werkzeug then prints the real one. The shell wrapper kills moto when our end of its stdin
  // closes, i.e. when this process dies for any reason (even SIGKILL, when 'exit' hooks never run).
  const script =
    'exec 3<&0; "$0" -H 127.0.0.1 -p 0 </dev/null & m=$!; ' +
    '( cat <&3 >/dev/null; kill $m 2>/dev/null ) & ' +
    'wait $m';
  const child = spawn('sh', ['-c', script, command], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: options.accountId === undefined ? process.env : { ...process.env, MOTO_ACCOUNT_ID: options.accountId },
    detached: true, // own process group: stop() signals sh, moto and the watchdog together
  });
  const pid = child.pid;

  let output = '';
  let port: number | undefined;
  const onData = (chunk: Buffer): void => {
    // Always drain the pipes: a full pipe would block moto's request logging and so the server.
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    if (port === undefined) {
      const m = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (m) port = Number(m[1]);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve();
    });
  });
  child.once('error', (err) => {
    exited = err.message;
  });

  const killGroup = (signal: NodeJS.Signals): void => {
    if (pid === undefined || exited !== undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  const killNow = (): void => {
    killGroup('SIGKILL');
  };
  process.on('exit', killNow);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killNow);
    killGroup('SIGTERM');
    const timer = setTimeout(killNow, 3000);
    await exitPromise;
    clearTimeout(timer);
    child.stdin.destroy();
  };

  try {
    const endpoint = await waitUntilAnswering(
      () => port,
      () => exited,
      deadline,
    );
    return { endpoint, stop };
  } catch (err) {
    await stop();
    const detail = output.trim() ? `\n--- moto_server output ---\n${output.trim()}` : '';
    const hint = /not found|ENOENT/.test(output) ? ` (is moto installed? pip install 'moto[server]')` : '';
    throw new Error(`${(err as Error).message}${hint}${detail}`);
  }
}

async function waitUntilAnswering(
  port: () => number | undefined,
  exited: () => string | undefined,
  deadline: number,
): Promise<string> {
  let lastError = 'it printed no address';
  while (Date.now() < deadline) {
    const why = exited();
    if (why !== undefined) throw new Error(`moto_server stopped before it answered (${why})`);
    const p = port();
    if (p !== undefined) {
      const endpoint = `http://127.0.0.1:${p}`;
      try {
        const res = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.ok) return endpoint;
        lastError = `HTTP ${res.status}`;
      } catch (err) {
        lastError = (err as Error).message;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`moto_server did not answer in time (${lastError})`);
}

/** Everything a test needs to point AWS clients (SDK or CLI) at a moto_server. */
export interface AwsTestEnv {
  /** Environment for child processes or `process.env`: fake keys, region, endpoint, no IMDS, no profile files. */
  env: Record<string, string>;
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Spread into any AWS SDK v3 client constructor: `new ECSClient(t.clientConfig)`. */
  clientConfig: {
    region: string;
    endpoint: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    /** moto answers or it does not: retries only slow failing tests down. */
    maxAttempts: number;
  };
}

/** moto's default account (every ARN it returns carries it). */
export const MOTO_ACCOUNT_ID = '123456789012';

/** The AWS keys tests give the tool, and the ECR password moto hands out: secrets the suite must never print. */
const MOTO_CANARY = {
  accessKeyId: 'AKIAMOTOCANARY000042',
  secretAccessKey: 'motoCanarySecret/0042+KeyNeverPrinted',
  sessionToken: 'motoCanarySessionToken0042NeverPrinted',
  ecrPassword: `${MOTO_ACCOUNT_ID}-auth-token`,
};

/**
 * Fake credentials (canaries for the whole-suite secret scan: moto takes any key), region us-east-1 and `AWS_ENDPOINT_URL` for a moto endpoint.
 * The env also disables the EC2 metadata service and points the shared config/credentials
 * files at nothing, so no test ever reaches a real AWS account or 169.254.169.254.
 */
export function awsTestEnv(endpoint: string): AwsTestEnv {
  const region = 'us-east-1';
  const credentials = { accessKeyId: MOTO_CANARY.accessKeyId, secretAccessKey: MOTO_CANARY.secretAccessKey };
  for (const [k, v] of Object.entries(MOTO_CANARY)) registerCanary(`moto ${k}`, v);
  return {
    env: {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: MOTO_CANARY.sessionToken,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ENDPOINT_URL: endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    },
    region,
    endpoint,
    credentials,
    clientConfig: { region, endpoint, credentials, maxAttempts: 1 },
  };
}

/**
 * Set environment variables for the duration of `fn`, then restore the previous values
 * (including removing ones that were unset). `undefined` unsets a variable.
 */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(vars)) {
    saved.set(k, process.env[k]);
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
  }
}

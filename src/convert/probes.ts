import type { HealthCheck } from '@aws-sdk/client-ecs';

/** A Kubernetes probe as plain data. */
export interface Probe {
  exec?: { command: string[] };
  httpGet?: { path: string; port: number; scheme?: 'HTTP' | 'HTTPS' };
  initialDelaySeconds?: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  successThreshold?: number;
}

/** ECS health check defaults (seconds / count), from the ECS API reference. */
const ECS_HEALTH_DEFAULTS = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 } as const;

/** The probes an ECS health check becomes, and how the conversion went. */
export interface ProbeSet {
  readiness: Probe;
  liveness: Probe;
  startup?: Probe;
  /** `http` when the shell command was recognised as a local HTTP GET and became an httpGet probe. */
  kind: 'http' | 'exec';
  httpPath?: string;
}

// curl -f http://localhost:8000/health || exit 1 ; curl --fail --silent http://localhost/ ; wget -q --spider http://127.0.0.1/healthz
const LOCAL_HTTP_CHECK =
  /^\s*(?:curl\s+(?:-[-a-zA-Z]+\s+)*|wget\s+(?:-[-a-zA-Z]+\s+)*)(?:"|')?(https?):\/\/(?:localhost|127\.0\.0\.1)(?::(\d+))?(\/[^\s"'|&;]*)?(?:"|')?\s*(?:\|\|\s*exit\s+1\s*)?$/;

/**
 * Convert an ECS container health check. Readiness and liveness both take the ECS interval,
 * timeout and retries (ECS replaces a task whose essential container turns unhealthy, which is what
 * a liveness failure does to the container). A start period becomes a startup probe that allows
 * the same time before liveness starts counting.
 */
export function convertHealthCheck(hc: HealthCheck, defaultPort: number | undefined): ProbeSet {
  const interval = hc.interval ?? ECS_HEALTH_DEFAULTS.interval;
  const timeout = hc.timeout ?? ECS_HEALTH_DEFAULTS.timeout;
  const retries = hc.retries ?? ECS_HEALTH_DEFAULTS.retries;
  const startPeriod = hc.startPeriod ?? ECS_HEALTH_DEFAULTS.startPeriod;
  const command = hc.command ?? [];
  let handler: Pick<Probe, 'exec' | 'httpGet'>;
  let kind: ProbeSet['kind'] = 'exec';
  let httpPath: string | undefined;
  const shell = command[0] === 'CMD-SHELL' ? command.slice(1).join(' ') : undefined;
  const http = shell !== undefined ? LOCAL_HTTP_CHECK.exec(shell) : null;
  const httpPort = http ? (http[2] ? Number(http[2]) : http[1] === 'https' ? 443 : 80) : undefined;
  if (
    http &&
    httpPort !== undefined &&
    (defaultPort === undefined || httpPort === defaultPort || http[2] !== undefined)
  ) {
    kind = 'http';
    httpPath = http[3] ?? '/';
    handler = {
      httpGet: { path: httpPath, port: httpPort, ...(http[1] === 'https' ? { scheme: 'HTTPS' as const } : {}) },
    };
  } else if (command[0] === 'CMD-SHELL') {
    handler = { exec: { command: ['/bin/sh', '-c', command.slice(1).join(' ')] } };
  } else {
    handler = { exec: { command: command.slice(1) } };
  }
  const base: Probe = { ...handler, periodSeconds: interval, timeoutSeconds: timeout, failureThreshold: retries };
  const set: ProbeSet = { readiness: { ...base }, liveness: { ...base }, kind };
  if (httpPath !== undefined) set.httpPath = httpPath;
  if (startPeriod > 0) {
    set.startup = { ...base, failureThreshold: Math.ceil(startPeriod / interval) + retries };
  }
  return set;
}

/** What a probe of an emulated container answers, given the image's behaviour. */
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { ImageBehaviour } from '../../config.js';

export type ProbeKind = 'readiness' | 'liveness' | 'startup';

/** The outcome of one probe, with the message the kubelet puts in its Unhealthy event. */
export function probeOutcome(
  behaviour: ImageBehaviour,
  kind: ProbeKind,
  probe: IProbe,
  sinceStartSimMs: number,
  slowStartMs: number,
  ip: string,
): { ok: boolean; message: string } {
  const http = probe.httpGet !== undefined;
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port ?? '';
  const fail500 = { ok: false, message: `HTTP probe failed with statuscode: 500` };
  const refused = {
    ok: false,
    message: http
      ? `Get "http://${ip}:${port}${probe.httpGet?.path ?? '/'}": dial tcp ${ip}:${port}: connect: connection refused`
      : `dial tcp ${ip}:${port}: connect: connection refused`,
  };
  switch (behaviour) {
    case 'never-ready':
      return kind === 'readiness'
        ? http
          ? { ok: false, message: 'HTTP probe failed with statuscode: 503' }
          : refused
        : { ok: true, message: '' };
    case 'http-500':
      return http ? fail500 : { ok: true, message: '' };
    case 'slow-start':
      return sinceStartSimMs >= slowStartMs ? { ok: true, message: '' } : refused;
    default:
      return { ok: true, message: '' };
  }
}

/**
 * Linux capabilities a container gets by default (containerd / Docker default set). EKS Fargate
 * rejects any `capabilities.add`, so adding one of these is only noise to remove, while any other
 * capability is simply not available on Fargate.
 */
export const DEFAULT_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** Capability names as Kubernetes writes them: upper case, no `CAP_` prefix. */
export function normaliseCapability(name: string): string {
  return name.toUpperCase().replace(/^CAP_/, '');
}

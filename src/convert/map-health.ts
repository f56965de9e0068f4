import type { EcsContainer } from '../ecs/model.js';
import { convertHealthCheck, type Probe } from './probes.js';
import type { Container, WorkloadScope } from './scope.js';

/**
 * Why an ECS health check cannot become a probe, or undefined when it can. `NONE` turns the
 * image's HEALTHCHECK off (nothing to translate); the others are malformed or unknown forms.
 */
function untranslatableHealthCheck(c: EcsContainer): string | undefined {
  const cmd = c.healthCheck?.command ?? [];
  if (cmd.length === 0) return 'it has no command';
  const [kind, ...rest] = cmd;
  if (kind === 'NONE') return "NONE disables the image's health check";
  if (kind === 'CMD-SHELL') return rest.join(' ').trim() === '' ? 'CMD-SHELL has no shell command' : undefined;
  if (kind === 'CMD') return rest.length === 0 || (rest[0] ?? '').trim() === '' ? 'CMD has no program' : undefined;
  return `it does not start with CMD or CMD-SHELL (${JSON.stringify(kind)})`;
}

/** healthCheck → readiness, liveness and (with a start period) startup probes; else one warning. */
export function mapHealthCheck(
  scope: WorkloadScope,
  c: EcsContainer,
  at: string,
  k: Container,
  state: { healthPath?: string | undefined },
): void {
  if (!c.healthCheck) return;
  const why = untranslatableHealthCheck(c);
  if (why !== undefined) {
    scope.add(
      'warning',
      'health-check',
      `healthCheck ${JSON.stringify(c.healthCheck.command ?? [])} is not translated (${why}): container ${k.name} gets no probes; containers that wait for it to be HEALTHY wait only for it to start`,
      `${at}.healthCheck`,
      c.name,
    );
    return;
  }
  const probes = convertHealthCheck(c.healthCheck, c.portMappings?.[0]?.containerPort);
  k['readinessProbe'] = probes.readiness;
  k['livenessProbe'] = probes.liveness;
  if (probes.startup) k['startupProbe'] = probes.startup;
  if (probes.kind === 'http' && state.healthPath === undefined) state.healthPath = probes.httpPath;
  scope.mapped(
    `${at}.healthCheck`,
    `Deployment/${scope.name} container ${k.name} readinessProbe, livenessProbe${probes.startup ? ', startupProbe' : ''}`,
  );
  scope.row(
    `${at}.healthCheck (${c.healthCheck.command?.[0] ?? ''})`,
    `container ${k.name}: readiness + liveness${probes.startup ? ' + startup' : ''} probes (${probes.kind === 'http' ? `httpGet ${probes.httpPath}` : 'exec'})`,
    probes.kind === 'http'
      ? 'the curl/wget command became an httpGet probe: no shell or curl needed in the image'
      : undefined,
  );
}

/** dependsOn: ordering (init containers, sidecars) and what changes with it. */
export function mapDependsOn(
  scope: WorkloadScope,
  defs: readonly EcsContainer[],
  k8sName: (ecsName: string) => string,
  sidecars: Container[],
): void {
  defs.forEach((c, i) => {
    (c.dependsOn ?? []).forEach((d, j) => {
      const field = `containerDefinitions[${i}].dependsOn[${j}]`;
      const dep = k8sName(d.containerName);
      switch (d.condition) {
        case 'SUCCESS':
          scope.mapped(field, `Deployment/${scope.name} initContainers[${dep}]`);
          scope.row(
            `${field} ${d.containerName} SUCCESS`,
            `init container ${dep}`,
            'runs to completion before the app containers start',
          );
          break;
        case 'COMPLETE':
          scope.add(
            'warning',
            'depends-on-complete',
            `${d.containerName} COMPLETE becomes an init container: Kubernetes requires it to exit 0 and restarts it until it does (ECS accepted any exit code)`,
            field,
            c.name,
          );
          break;
        case 'START':
          scope.mapped(field, `Deployment/${scope.name} initContainers[${dep}] restartPolicy Always`);
          scope.row(
            `${field} ${d.containerName} START`,
            `sidecar ${dep} (init container, restartPolicy: Always)`,
            'started before the app containers',
          );
          break;
        case 'HEALTHY': {
          const depDef = defs.find((x) => x.name === d.containerName);
          if (!depDef?.healthCheck) {
            scope.add(
              'warning',
              'depends-on-healthy',
              `${d.containerName} HEALTHY but it has no healthCheck: the sidecar only gates on start`,
              field,
              c.name,
            );
          } else if (untranslatableHealthCheck(depDef) !== undefined) {
            // Its own warning says why; here the dependency just degrades to START.
            scope.mapped(
              field,
              `Deployment/${scope.name} initContainers[${dep}] restartPolicy Always (gates on start: its healthCheck is not translated)`,
            );
          } else {
            scope.add(
              'info',
              'depends-on-healthy',
              `${d.containerName} HEALTHY becomes a sidecar whose startup probe must pass before ${c.name} starts`,
              field,
              c.name,
            );
          }
          break;
        }
        default:
          scope.mapped(field, `Deployment/${scope.name} initContainers[${dep}]`);
      }
    });
    if (c.dependsOn && c.dependsOn.length === 0) scope.noMeaning(`containerDefinitions[${i}].dependsOn`);
  });
  // A HEALTHY dependency gates on the sidecar's startup probe: give it one from its readiness.
  for (const s of sidecars) {
    if (s['readinessProbe'] && !s['startupProbe']) s['startupProbe'] = { ...(s['readinessProbe'] as Probe) };
  }
}

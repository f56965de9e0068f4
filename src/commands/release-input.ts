import { convertEcs } from '../convert/index.js';
import { DEFAULT_RATES } from '../fargate/pricing.js';
import type { DeployConfig } from '../config/deploy.js';
import { UserInputError, UserInputErrors, isUserError } from '../errors.js';
import type { Finding } from '../findings.js';
import { parseImageOverrides, type ImageOverride } from '../manifests/images.js';
import { lintRelease } from '../manifests/lint.js';
import { loadManifests } from '../inputs/manifests.js';
import type { SourcedObject } from '../manifests/parse.js';
import { checkWriteScope } from '../manifests/ownership.js';
import { renderRelease, type RenderedRelease } from '../manifests/render.js';
import { loadSmokeSpec } from '../inputs/specs.js';
import type { SmokeCheck } from '../smoke/spec.js';
import { readEcsFiles } from './plan.js';
import { displayPath, findingWithDisplayPath } from '../report/paths.js';

/** A release ready to deploy: rendered objects, the images, smoke checks, and lint findings. */
export interface PreparedRelease {
  rendered: RenderedRelease;
  images: ImageOverride[];
  checks: SmokeCheck[];
  findings: Finding[];
}

/**
 * Everything that can be checked without a cluster, in one pass: the images list, the smoke
 * tests, the manifests (or the ECS conversion), schema and Fargate lint, and rendering. Every
 * input problem is collected and thrown once as `UserInputErrors`; blockers come back as findings.
 * For a deploy, placeholder images and ARNs no `--image` replaced are input errors; a preview (the
 * plan's live diff) shows the release as written. `signal` stops a running `kubectl kustomize`
 * (its reason is thrown).
 */
export async function prepareRelease(
  config: DeployConfig,
  purpose: 'deploy' | 'preview' = 'deploy',
  signal?: AbortSignal,
): Promise<PreparedRelease> {
  const errors: UserInputError[] = [];
  const collect = (err: unknown): void => {
    if (!isUserError(err)) throw err;
    errors.push(...(err instanceof UserInputErrors ? err.errors : [err]));
  };
  let images: ImageOverride[] = [];
  try {
    images = config.images.trim() === '' ? [] : parseImageOverrides(config.images, 'images');
  } catch (err) {
    collect(err);
  }
  let checks: SmokeCheck[] = [];
  if (config.smokeTests) {
    try {
      checks = await loadSmokeSpec(config.smokeTests);
    } catch (err) {
      collect(err);
    }
  }
  const sourced: SourcedObject[] = [];
  const findings: Finding[] = [];
  if (config.manifests.length > 0) {
    try {
      sourced.push(
        ...(await loadManifests(config.manifests, { workspace: config.workspace, ...(signal ? { signal } : {}) })),
      );
    } catch (err) {
      collect(err);
    }
  }
  if (config.ecsTaskDefinitions.length > 0) {
    const ecs = await convertEcsForRelease(config);
    errors.push(...ecs.errors);
    findings.push(...ecs.blockers);
    sourced.push(...ecs.sourced);
  }
  // What the release may write (own kinds, namespaces, cluster scope) is known from the input alone.
  errors.push(
    ...checkWriteScope(sourced, {
      namespace: config.namespace,
      allowNamespaces: config.allowNamespaces,
      allowClusterScoped: config.allowClusterScoped,
      flag: (n) => `--${n}`,
    }),
  );
  if (errors.length > 0) throw new UserInputErrors(errors);
  findings.push(...lintRelease(sourced));
  let rendered: RenderedRelease;
  try {
    rendered = renderRelease(sourced, {
      release: config.release,
      images,
      defaultNamespace: config.namespace,
      refusePlaceholders: purpose === 'deploy',
      ...(config.commit ? { commit: config.commit } : {}),
      ...(config.runUrl ? { runUrl: config.runUrl } : {}),
    });
  } catch (err) {
    collect(err);
    throw new UserInputErrors(errors);
  }
  return { rendered, images, checks, findings };
}

/**
 * The release as converted from ECS files: the files' input errors, the conversion's blockers, and
 * the objects, each sourced to the ECS file of its workload. Messages and findings name ECS files
 * relative to the working directory, as the plan report does.
 */
async function convertEcsForRelease(
  config: DeployConfig,
): Promise<{ errors: UserInputError[]; blockers: Finding[]; sourced: SourcedObject[] }> {
  const ecs = await readEcsFiles(config.ecsTaskDefinitions, config.ecsServices, config.ecsScaling, config.workspace);
  const errors = ecs.errors.map((e) => new UserInputError(e.message, displayPath(e.file, process.cwd())));
  const conversion = convertEcs(ecs.inputs, {
    namespace: config.namespace,
    dropUnsupported: false,
    albMode: 'ingress',
    rates: DEFAULT_RATES,
    secretStores: { secretsManager: 'aws-secrets-manager', parameterStore: 'aws-parameter-store' },
  });
  const blockers = conversion.findings
    .filter((f) => f.severity === 'blocker')
    .map((f) => findingWithDisplayPath(f, process.cwd()));
  const sourced = conversion.objects.map((object, index): SourcedObject => {
    const workload = conversion.workloads.find((w) => w.name === object.metadata.labels?.['app.kubernetes.io/name']);
    return {
      object,
      source: { file: workload ? displayPath(workload.source, process.cwd()) : 'ecs', index, line: 1 },
    };
  });
  return { errors, blockers, sourced };
}

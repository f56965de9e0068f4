/**
 * deploy, built first: when the deploy is given images to build, build and push them (skipping
 * what ECR already holds), then deploy with every container of those repositories pinned to the
 * pushed digest. Nothing reaches the cluster unless every image is pushed and passed the scan gate.
 */
import type { BuildConfig } from '../config/build.js';
import type { DeployConfig } from '../config/deploy.js';
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import { parseImageOverrides, parseImageRef } from '../manifests/images.js';
import { codeSpan, escapeMarkdown, escapeTableCell } from '../report/escape.js';
import { imageOverridesFromBuild, runBuild, type BuildDeps, type BuildOutcome } from './build.js';
import { DeployExit, runDeploy, type DeployDeps, type DeployOutcome } from './deploy.js';
import { prepareRelease } from './release-input.js';

/** What a deploy that builds first needs: the deploy's dependencies plus the build's. */
export interface BuildAndDeployDeps extends DeployDeps {
  /** Called with each registry secret before anything could print it (the action: core.setSecret). */
  mask?: (secret: string) => void;
  /** Overrides of the build's own dependencies (tests: ECR client, runner, temp dir). */
  build?: Partial<Omit<BuildDeps, 'log' | 'mask' | 'signal'>>;
  /** Called once the build is done, before the deploy starts (the action groups the log per phase). */
  onBuilt?: (outcome: BuildOutcome) => void;
}

/** The build (when there was one) and the deploy. */
export interface BuildAndDeployOutcome {
  build?: BuildOutcome;
  deploy: DeployOutcome;
}

/**
 * Refuse an `images` override that names a repository the build pushes: the build pins that
 * repository to its digest, so the override would either lose silently or win silently.
 * Also validates the overrides, so a typo there is reported before anything is built.
 */
export function checkOverridesDisjoint(images: string, build: BuildConfig, field = 'images'): void {
  const overrides = parseImageOverrides(images, field);
  const built = new Map(build.images.map((i) => [i.repository, i]));
  const errors: UserInputError[] = [];
  for (const o of overrides) {
    const spec = built.get(parseImageRef(o.name).repository);
    if (spec) {
      errors.push(
        new UserInputError(
          `${showValue(o.name)} is also built (${spec.where}); the build pins it to the pushed digest, so drop it from ${field}`,
          undefined,
          field,
        ),
      );
    }
  }
  if (errors.length > 0) throw new UserInputErrors(errors);
}

/**
 * The deploy config with the built images added to its image overrides
 * ({@link imageOverridesFromBuild}: `repository=registry/repository:tag@digest`). A YAML/JSON list
 * stays a list (the built images join it as `name=ref` strings, which the list form accepts).
 */
export function withBuiltImages(config: DeployConfig, outcome: BuildOutcome): DeployConfig {
  const lines = imageOverridesFromBuild(outcome);
  if (lines === '') return config;
  const given = config.images.replace(/^\uFEFF/, '').trim();
  if (given === '') return { ...config, images: lines };
  if (given.startsWith('[') || given.startsWith('-')) {
    const list: unknown[] = [...parseImageOverrides(given, 'images'), ...lines.split('\n')];
    return { ...config, images: JSON.stringify(list) };
  }
  return { ...config, images: `${given}\n${lines}` };
}

/** A deploy that never started because the build's scan gate failed. */
function rejectedByScanGate(build: BuildOutcome): DeployOutcome {
  const images = [...new Set(build.findings.map((f) => f.workload).filter((w): w is string => w !== undefined))];
  return {
    status: 'rejected',
    exitCode: DeployExit.Rejected,
    message: `the scan gate found ${build.findings.length} vulnerabilit${build.findings.length === 1 ? 'y' : 'ies'} at or above its threshold in ${images.join(', ')}; nothing was deployed`,
    images: [],
    urls: [],
    rolledBack: false,
    findings: build.findings,
    phases: [],
    applied: [],
    smoke: [],
  };
}

/**
 * Build (when `build` is given), then deploy pinned to the digests. Input problems (the overrides,
 * the manifests, the smoke tests) throw before the build; manifests with Fargate blockers are
 * rejected without building; a failed build throws (nothing was deployed); a failed scan gate is a
 * `rejected` deploy outcome carrying the findings.
 */
export async function runBuildAndDeploy(
  config: DeployConfig,
  build: BuildConfig | undefined,
  deps: BuildAndDeployDeps,
): Promise<BuildAndDeployOutcome> {
  if (!build) return { deploy: await runDeploy(config, deps) };
  checkOverridesDisjoint(config.images, build);
  // Render once before building: a wrong manifest path or a Fargate blocker should not cost a
  // build. Lint looks at the manifests as written, so the digests added later change no finding.
  // Placeholder images are judged after the build, which may be what replaces them.
  const dry = await prepareRelease(config, 'preview');
  if (dry.findings.some((f) => f.severity === 'blocker')) {
    deps.log('the manifests have Fargate/schema blockers: nothing is built');
    return { deploy: await runDeploy(config, deps) };
  }
  const built = await runBuild(build, {
    ...deps.build,
    log: deps.log,
    ...(deps.mask ? { mask: deps.mask } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  deps.onBuilt?.(built);
  if (built.status !== 'ok') return { build: built, deploy: rejectedByScanGate(built) };
  deps.signal?.throwIfAborted();
  return { build: built, deploy: await runDeploy(withBuiltImages(config, built), deps) };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The job summary of a build: one row per image (built or skipped, digest, tags), warnings and scan findings. */
export function buildMarkdown(outcome: BuildOutcome): string {
  const built = outcome.images.filter((i) => i.status === 'built').length;
  const head = outcome.status === 'ok' ? '✅' : '❌';
  const lines = [
    `## ${head} Build: ${built} built, ${outcome.images.length - built} skipped${outcome.status === 'ok' ? '' : ', scan gate failed'}`,
    '',
    `${outcome.builder ? `Builder ${codeSpan(outcome.builder.name)} (${escapeMarkdown(outcome.builder.reason)}); ` : ''}${seconds(outcome.durationMs)} in all.`,
    '',
  ];
  if (outcome.images.length > 0) {
    lines.push('| image | | pushed as | tags | time |', '|---|---|---|---|---|');
    for (const i of outcome.images) {
      const what = i.status === 'built' ? `built${i.builder ? ` (${i.builder})` : ''}` : 'skipped (tag already there)';
      lines.push(
        `| ${escapeTableCell(i.name)} | ${what} | ${codeSpan(i.ref, { table: true })} | ${i.tags.map((t) => codeSpan(t, { table: true })).join(' ')} | ${seconds(i.durationMs)} |`,
      );
    }
    lines.push('');
  }
  if (outcome.findings.length > 0) {
    lines.push(
      `### Scan findings at or above the gate (${outcome.findings.length})`,
      '',
      ...outcome.findings.map((f) => `- ${escapeMarkdown(f.message)}`),
      '',
    );
  }
  if (outcome.warnings.length > 0)
    lines.push('### Warnings', '', ...outcome.warnings.map((w) => `- ${escapeMarkdown(w)}`), '');
  return `${lines.join('\n')}\n`;
}

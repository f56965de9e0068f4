/**
 * Turning a builder's failed output into a message a person can act on: which image, which step
 * of the Dockerfile failed (buildah `STEP 2/4: COPY …`, buildx `#7 [2/4] COPY …`), the builder's
 * last lines, and for a refused push, which ECR permission is missing.
 */

/** A build, push or login that failed; the message holds the step and the builder's last lines. */
export class ImageBuildError extends Error {
  override readonly name = 'ImageBuildError';
  constructor(
    message: string,
    readonly image: string,
    readonly phase: 'build' | 'push' | 'login' | 'tag',
  ) {
    super(message);
  }
}

/** Lines of builder output shown with a failure. */
const FAILURE_TAIL = 20;

/** The permissions `docker push` needs on an ECR repository, in the order a push uses them. */
const ECR_PUSH_PERMISSIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
] as const;

/** The Dockerfile step that was running when the build stopped, as the builder printed it. */
export function failedStep(lines: readonly string[]): string | undefined {
  for (const line of [...lines].reverse()) {
    // buildah: "STEP 3/4: COPY …", prefixed "[1/2] " by stage in multi-stage builds.
    const buildah = /^(?:\[(\d+\/\d+)\] )?STEP (\d+\/\d+): (.+)$/.exec(line);
    if (buildah) return `${buildah[1] ? `stage ${buildah[1]} ` : ''}STEP ${buildah[2]}: ${buildah[3]}`;
    // buildx plain progress: "#7 [2/4] COPY app /app" or "#9 [build 3/5] RUN make"; "[internal] …" steps are its own.
    const buildx = /^#\d+ \[([^\]]*\d+\/\d+)\] (.+)$/.exec(line);
    if (buildx && !buildx[1]?.startsWith('internal')) return `[${buildx[1]}] ${buildx[2]}`;
    const dockerfileParse =
      /^(?:ERROR: )?failed to solve: (?:failed to read dockerfile|dockerfile parse error)(.*)$/i.exec(line);
    if (dockerfileParse) return 'reading the Dockerfile';
  }
  return undefined;
}

/** What the output says about a refused push or login, or undefined when it says nothing of the kind. */
export function pushDenial(lines: readonly string[]): string | undefined {
  const text = lines.join('\n');
  const action = /not authorized to perform:?\s*(ecr:[A-Za-z]+)/.exec(text);
  if (action)
    return `ECR denied the push: the role lacks ${action[1]} on the repository (a push needs ${ECR_PUSH_PERMISSIONS.join(', ')})`;
  if (/requested access to the resource is denied|denied: |403 Forbidden|status 403/i.test(text)) {
    return `ECR denied the push: the role needs ${ECR_PUSH_PERMISSIONS.join(', ')} on the repository`;
  }
  if (/unauthorized|authentication required|status 401|401 Unauthorized|no basic auth credentials/i.test(text)) {
    return 'the registry refused the login: the credentials from ecr:GetAuthorizationToken were not accepted (wrong registry host or account, or an expired token)';
  }
  return undefined;
}

/** The last `n` non-blank lines, indented for a message. */
function lastLines(lines: readonly string[], n = FAILURE_TAIL): string {
  return lines
    .filter((l) => l.trim() !== '')
    .slice(-n)
    .map((l) => `  | ${l}`)
    .join('\n');
}

/** The message of a failed builder command. */
export function describeFailure(opts: {
  image: string;
  phase: 'build' | 'push' | 'login';
  builder: string;
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: readonly string[];
}): string {
  const how = opts.signal ? `killed by ${opts.signal}` : `exit code ${opts.code}`;
  const parts: string[] = [];
  if (opts.phase === 'build') {
    const step = failedStep(opts.lines);
    parts.push(
      `image ${JSON.stringify(opts.image)}: ${opts.builder} build failed${step ? ` at ${step}` : ''} (${opts.command}, ${how})`,
    );
  } else {
    const denial = pushDenial(opts.lines);
    parts.push(
      `image ${JSON.stringify(opts.image)}: ${opts.phase} with ${opts.builder} failed (${opts.command}, ${how})${denial ? `: ${denial}` : ''}`,
    );
  }
  const tail = lastLines(opts.lines);
  if (tail) parts.push(`last lines of ${opts.builder}:\n${tail}`);
  return parts.join('\n');
}

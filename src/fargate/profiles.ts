/**
 * Which EKS Fargate profile a pod lands on. Rules from the Amazon EKS user guide
 * ("Define which Pods use AWS Fargate when launched", "Fargate profile wildcards"):
 *
 * - a selector matches when its namespace matches and every one of its labels is on the pod;
 * - `*` (none, one or more characters) and `?` (exactly one character) may appear anywhere in the
 *   namespace, label keys and label values of a selector; nothing else is a pattern;
 * - when several profiles match, the first by alphanumeric sorting of the profile name wins;
 * - the pod label `eks.amazonaws.com/fargate-profile` picks a profile, but the pod must still match
 *   one of that profile's selectors to be scheduled.
 */

/** The label EKS sets on a Fargate pod (and a user may set) naming its Fargate profile. */
export const FARGATE_PROFILE_LABEL = 'eks.amazonaws.com/fargate-profile';

export interface FargateProfileSelector {
  namespace: string;
  labels?: Record<string, string>;
}

export interface FargateProfile {
  name: string;
  selectors: FargateProfileSelector[];
  /** EKS status: CREATING, ACTIVE, DELETING, CREATE_FAILED, DELETE_FAILED. Unset = ACTIVE. */
  status?: string;
}

export interface FargateProfileMatch {
  profile: string;
  selectorIndex: number;
}

/**
 * Fargate-profile wildcard match of the whole `value`: `*` is any run of characters (also none),
 * `?` exactly one character, every other character (regex metacharacters included) is literal.
 * Linear backtracking, no RegExp: patterns come from users and must not be able to blow up.
 */
export function wildcardMatch(pattern: string, value: string): boolean {
  // Code points, so `?` stands for one character even outside the BMP.
  const p = Array.from(pattern);
  const v = Array.from(value);
  let pi = 0;
  let vi = 0;
  let starPi = -1;
  let starVi = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === v[vi]))) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      starPi = pi++;
      starVi = vi;
    } else if (starPi >= 0) {
      pi = starPi + 1;
      vi = ++starVi;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** Whether one selector takes a pod in `namespace` with `podLabels`. */
export function selectorMatches(
  selector: FargateProfileSelector,
  namespace: string,
  podLabels: Record<string, string> | undefined,
): boolean {
  if (!wildcardMatch(selector.namespace, namespace)) return false;
  const labels = Object.entries(podLabels ?? {});
  return Object.entries(selector.labels ?? {}).every(([keyPattern, valuePattern]) =>
    labels.some(([k, v]) => wildcardMatch(keyPattern, k) && wildcardMatch(valuePattern, v)),
  );
}

function isActive(profile: FargateProfile): boolean {
  return profile.status === undefined || profile.status === 'ACTIVE';
}

function firstMatchingSelector(
  profile: FargateProfile,
  namespace: string,
  podLabels: Record<string, string> | undefined,
): FargateProfileMatch | undefined {
  const selectorIndex = profile.selectors.findIndex((s) => selectorMatches(s, namespace, podLabels));
  return selectorIndex >= 0 ? { profile: profile.name, selectorIndex } : undefined;
}

function byName(a: FargateProfile, b: FargateProfile): number {
  // Plain code-unit order: "alphanumeric sorting" that does not depend on the runner's locale.
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Which profile a pod lands on, or undefined when it stays Pending (no Fargate node for it).
 *
 * - When the pod's `eks.amazonaws.com/fargate-profile` label names an existing ACTIVE profile, that
 *   profile decides alone: the pod lands on it if one of its selectors matches, and nowhere otherwise
 *   (the EKS guide: "The Pod must match a selector in that profile to be scheduled onto Fargate").
 * - Otherwise (no label, or it names a profile that is gone or not ACTIVE, as after a profile was
 *   replaced) ACTIVE profiles are tried in name order and the first with a matching selector wins.
 * - Profiles whose status is set and is not ACTIVE are skipped.
 */
export function matchFargateProfile(
  profiles: readonly FargateProfile[],
  namespace: string,
  podLabels: Record<string, string> | undefined,
): FargateProfileMatch | undefined {
  const active = profiles.filter(isActive).sort(byName);
  const wanted = podLabels?.[FARGATE_PROFILE_LABEL];
  if (wanted !== undefined) {
    const named = active.find((p) => p.name === wanted);
    if (named) return firstMatchingSelector(named, namespace, podLabels);
  }
  for (const profile of active) {
    const match = firstMatchingSelector(profile, namespace, podLabels);
    if (match) return match;
  }
  return undefined;
}

import { describe, expect, it } from '@jest/globals';
import {
  FARGATE_PROFILE_LABEL,
  matchFargateProfile,
  selectorMatches,
  wildcardMatch,
  type FargateProfile,
} from '../../src/fargate/profiles.js';
import { cpuStopwatch } from '../helpers/clock.js';

describe('wildcardMatch', () => {
  it.each([
    ['prod*', 'prod', true],
    ['prod*', 'prod-metrics', true],
    ['prod*', 'preprod', false],
    ['*dev', 'team-dev', true],
    ['*dev', 'dev', true],
    ['*dev', 'devops', false],
    ['value?', 'valuea', true],
    ['value?', 'value', false],
    ['value?', 'value-a', false],
    ['frontend*?', 'frontend', false],
    ['frontend*?', 'frontend1', true],
    ['frontend*?', 'frontend-web', true],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['a*a*a*a*a*b', 'a'.repeat(60), false],
    ['kube-system', 'kube-system', true],
    ['kube-system', 'Kube-System', false],
    // Only * and ? are special: regex metacharacters are literal.
    ['app.v1', 'appxv1', false],
    ['app.v1', 'app.v1', true],
    ['a+', 'aa', false],
    ['[ab]', 'a', false],
    ['?', '🙂', true],
  ])('%j vs %j → %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });

  it('stays fast on pathological patterns', () => {
    const cpuMs = cpuStopwatch(); // CPU, not wall time: a loaded machine cannot fail it
    expect(wildcardMatch('*a'.repeat(200) + 'b', 'a'.repeat(5000))).toBe(false);
    expect(cpuMs()).toBeLessThan(2000);
  });
});

describe('selectorMatches', () => {
  it('needs the namespace and every selector label', () => {
    const sel = { namespace: 'prod-*', labels: { app: 'web', tier: 'front*' } };
    expect(selectorMatches(sel, 'prod-eu', { app: 'web', tier: 'frontend', extra: 'x' })).toBe(true);
    expect(selectorMatches(sel, 'prod-eu', { app: 'web' })).toBe(false);
    expect(selectorMatches(sel, 'prod-eu', { app: 'api', tier: 'frontend' })).toBe(false);
    expect(selectorMatches(sel, 'staging', { app: 'web', tier: 'frontend' })).toBe(false);
    expect(selectorMatches(sel, 'prod-eu', undefined)).toBe(false);
  });

  it('matches a namespace-only selector whatever the labels', () => {
    expect(selectorMatches({ namespace: 'default' }, 'default', undefined)).toBe(true);
    expect(selectorMatches({ namespace: 'default', labels: {} }, 'default', { a: 'b' })).toBe(true);
  });

  it('allows wildcards in label keys too', () => {
    const sel = { namespace: '*', labels: { 'team.example.com/*': 'pay?' } };
    expect(selectorMatches(sel, 'x', { 'team.example.com/owner': 'pay1' })).toBe(true);
    expect(selectorMatches(sel, 'x', { 'team.example.com/owner': 'payments' })).toBe(false);
    expect(selectorMatches(sel, 'x', { 'other.example.com/owner': 'pay1' })).toBe(false);
  });
});

describe('matchFargateProfile', () => {
  const profiles: FargateProfile[] = [
    { name: 'prod-workload', selectors: [{ namespace: 'prod' }, { namespace: 'apps', labels: { env: 'prod' } }] },
    {
      name: 'beta-workload',
      selectors: [{ namespace: 'kube-system' }, { namespace: 'apps', labels: { env: 'prod*' } }],
    },
    { name: 'default-profile', selectors: [{ namespace: 'default' }] },
  ];

  it('returns the profile and the index of the matching selector', () => {
    expect(matchFargateProfile(profiles, 'prod', {})).toEqual({ profile: 'prod-workload', selectorIndex: 0 });
    expect(matchFargateProfile(profiles, 'default', undefined)).toEqual({
      profile: 'default-profile',
      selectorIndex: 0,
    });
  });

  it('picks the first profile by name when several match, whatever the input order', () => {
    // Both match env=prod in apps; "beta-workload" sorts before "prod-workload" (the AWS guide's example).
    expect(matchFargateProfile(profiles, 'apps', { env: 'prod' })).toEqual({
      profile: 'beta-workload',
      selectorIndex: 1,
    });
    expect(matchFargateProfile([...profiles].reverse(), 'apps', { env: 'prod' })).toEqual({
      profile: 'beta-workload',
      selectorIndex: 1,
    });
    // Code-unit order, not locale order: upper case sorts before lower case.
    const cased: FargateProfile[] = [
      { name: 'alpha', selectors: [{ namespace: '*' }] },
      { name: 'Zulu', selectors: [{ namespace: '*' }] },
    ];
    expect(matchFargateProfile(cased, 'x', {})?.profile).toBe('Zulu');
  });

  it('returns undefined when nothing matches (the pod stays Pending)', () => {
    expect(matchFargateProfile(profiles, 'apps', { env: 'dev' })).toBeUndefined();
    expect(matchFargateProfile(profiles, 'other', {})).toBeUndefined();
    expect(matchFargateProfile([], 'default', {})).toBeUndefined();
  });

  it('honours the fargate-profile label when that profile matches', () => {
    expect(matchFargateProfile(profiles, 'apps', { env: 'prod', [FARGATE_PROFILE_LABEL]: 'prod-workload' })).toEqual({
      profile: 'prod-workload',
      selectorIndex: 1,
    });
  });

  it('does not schedule a pod whose labelled profile exists but does not match it', () => {
    expect(matchFargateProfile(profiles, 'default', { [FARGATE_PROFILE_LABEL]: 'prod-workload' })).toBeUndefined();
  });

  it('falls back to name order when the labelled profile is gone or not ACTIVE', () => {
    expect(matchFargateProfile(profiles, 'default', { [FARGATE_PROFILE_LABEL]: 'deleted-profile' })).toEqual({
      profile: 'default-profile',
      selectorIndex: 0,
    });
    const replacing: FargateProfile[] = [
      { name: 'old', status: 'DELETING', selectors: [{ namespace: 'default' }] },
      { name: 'new', status: 'ACTIVE', selectors: [{ namespace: 'default' }] },
    ];
    expect(matchFargateProfile(replacing, 'default', { [FARGATE_PROFILE_LABEL]: 'old' })).toEqual({
      profile: 'new',
      selectorIndex: 0,
    });
  });

  it('skips profiles that are not ACTIVE', () => {
    const list: FargateProfile[] = [
      { name: 'a-creating', status: 'CREATING', selectors: [{ namespace: 'default' }] },
      { name: 'b-failed', status: 'CREATE_FAILED', selectors: [{ namespace: 'default' }] },
      { name: 'c-active', status: 'ACTIVE', selectors: [{ namespace: 'default' }] },
    ];
    expect(matchFargateProfile(list, 'default', {})).toEqual({ profile: 'c-active', selectorIndex: 0 });
    expect(matchFargateProfile(list.slice(0, 2), 'default', {})).toBeUndefined();
  });
});

import { deployConfigFromArgs, rollbackConfigFromArgs } from '../../src/config/deploy.js';

const base = ['--kubeconfig', '/tmp/kc', '--namespace', 'shop', '--manifests', 'k8s/'];

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return '';
}

describe('--lock-lease', () => {
  test('defaults to 60 s for deploy and rollback', () => {
    expect(deployConfigFromArgs(base, {}).lockLeaseSeconds).toBe(60);
    expect(rollbackConfigFromArgs(['--kubeconfig', '/tmp/kc', '--namespace', 'shop'], {}).lockLeaseSeconds).toBe(60);
  });

  test('takes seconds in the same forms as the other durations', () => {
    expect(deployConfigFromArgs([...base, '--lock-lease', '3'], {}).lockLeaseSeconds).toBe(3);
    expect(deployConfigFromArgs([...base, '--lock-lease', '2m'], {}).lockLeaseSeconds).toBe(120);
    expect(rollbackConfigFromArgs(['--kubeconfig', '/tmp/kc', '--lock-lease', '15s'], {}).lockLeaseSeconds).toBe(15);
  });

  test.each([
    ['2', /--lock-lease.*2 s is out of range \(3–3600 s\)|2 s is out of range \(3–3600 s\).*--lock-lease/s],
    ['0', /0 s is out of range \(3–3600 s\)/],
    ['2h', /7200 s is out of range \(3–3600 s\)/],
    ['soon', /expected seconds \(e\.g\. 600, 90s, 10m, 1h\), got "soon"/],
    ['1.5', /got "1\.5"/],
  ])('refuses %s naming the flag', (value, pattern) => {
    const m = message(() => deployConfigFromArgs([...base, '--lock-lease', value], {}));
    expect(m).toContain('--lock-lease');
    expect(m).toMatch(pattern);
    expect(message(() => rollbackConfigFromArgs(['--kubeconfig', '/tmp/kc', '--lock-lease', value], {}))).toContain(
      '--lock-lease',
    );
  });
});

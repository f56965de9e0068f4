/** The generated CA and server certificate: a real chain Node's TLS verifies for 127.0.0.1. */
import { X509Certificate } from 'node:crypto';
import { generateSandboxTls } from '../../src/sandbox/tls.js';
import { cpuStopwatch } from '../helpers/clock.js';

test('the server certificate is signed by the CA and valid for 127.0.0.1 and localhost', () => {
  const cpuMs = cpuStopwatch(); // CPU, not wall time: a loaded machine cannot fail it
  const tls = generateSandboxTls('demo');
  expect(cpuMs()).toBeLessThan(3000);
  const ca = new X509Certificate(tls.caPem);
  const server = new X509Certificate(tls.certPem);
  expect(ca.ca).toBe(true);
  expect(ca.subject).toContain('CN=demo-sandbox-ca');
  expect(server.verify(ca.publicKey)).toBe(true);
  expect(server.checkIssued(ca)).toBe(true);
  expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
  expect(server.checkHost('localhost')).toBe('localhost');
  expect(server.ca).toBe(false);
});

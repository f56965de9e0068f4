/**
 * The protobuf decoder against bytes assembled by hand from the field numbers documented in
 * k8s.io/api core/v1 and k8s.io/apimachinery meta/v1 generated.proto (independent of the generated
 * descriptor): special types (Time, Quantity, IntOrString), pointer fields sent as zero, maps, embedded structs
 * (Probe's ProbeHandler and Volume's VolumeSource are inline in JSON, a field of their own in protobuf).
 */
import { decodeProtobufBody } from '../../src/sandbox/protobuf.js';
import { StatusError } from '../../src/sandbox/status.js';

/** Protobuf wire encoding, just enough for the test: varints and length-delimited fields. */
const varint = (n: number): Buffer => {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
};
const bytes = (field: number, body: Buffer | string): Buffer => {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([varint((field << 3) | 2), varint(b.length), b]);
};
const int = (field: number, n: number): Buffer => Buffer.concat([varint(field << 3), varint(n)]);
const msg = (...parts: Buffer[]): Buffer => Buffer.concat(parts);
const envelope = (apiVersion: string, kind: string, raw: Buffer): Buffer =>
  // k8s\0 + runtime.Unknown{typeMeta(1){apiVersion(1), kind(2)}, raw(2)}
  Buffer.concat([Buffer.from('k8s\u0000'), bytes(1, msg(bytes(1, apiVersion), bytes(2, kind))), bytes(2, raw)]);

test('a Pod: metadata (Time, labels map), spec pointer field sent as 0, container resources (Quantity map), IntOrString port', () => {
  const created = 1_764_806_400; // 2025-12-04T00:00:00Z
  const metadata = msg(
    bytes(1, 'web'),
    bytes(8, msg(int(1, created))),
    bytes(11, msg(bytes(1, 'app'), bytes(2, 'web'))),
  );
  const resources = bytes(8, bytes(1, msg(bytes(1, 'cpu'), bytes(2, bytes(1, '250m'))))); // ResourceRequirements.limits["cpu"] = Quantity{string "250m"}
  // readinessProbe(11){handler(1) ProbeHandler{httpGet(2) HTTPGetAction{path(1), port(2) IntOrString{type(1)=1, strVal(3)}}}}
  const probe = bytes(11, bytes(1, bytes(2, msg(bytes(1, '/healthz'), bytes(2, msg(int(1, 1), bytes(3, 'http')))))));
  const container = msg(bytes(1, 'app'), bytes(2, 'registry.example/web:1'), resources, probe);
  const volume = bytes(1, msg(bytes(1, 'tmp'), bytes(2, bytes(2, Buffer.alloc(0))))); // volumes(1): Volume{name(1), volumeSource(2) inline {emptyDir(2) {}}}
  const spec = msg(volume, bytes(2, container), int(4, 0)); // containers(2), terminationGracePeriodSeconds(4) = 0
  const obj = decodeProtobufBody(envelope('v1', 'Pod', msg(bytes(1, metadata), bytes(2, spec))), 'create body');
  expect(obj).toEqual({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', creationTimestamp: '2025-12-04T00:00:00Z', labels: { app: 'web' } },
    spec: {
      volumes: [{ name: 'tmp', emptyDir: {} }],
      containers: [
        {
          name: 'app',
          image: 'registry.example/web:1',
          resources: { limits: { cpu: '250m' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
        },
      ],
      terminationGracePeriodSeconds: 0,
    },
  });
});

test('a Secret: bytes values come out base64 as in JSON; an unknown kind is a 415, a body without the magic a 400', () => {
  const secret = msg(
    bytes(1, bytes(1, 'creds')),
    bytes(2, msg(bytes(1, 'password'), bytes(2, Buffer.from([0x00, 0xff, 0x41])))),
  );
  expect(decodeProtobufBody(envelope('v1', 'Secret', secret), 'create body')).toEqual({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'creds' },
    data: { password: Buffer.from([0x00, 0xff, 0x41]).toString('base64') },
  });
  const unknown = (): unknown =>
    decodeProtobufBody(envelope('example.com/v1', 'Widget', Buffer.alloc(0)), 'create body');
  expect(unknown).toThrow(StatusError);
  expect(() => unknown()).toThrow(/no protobuf schema for example.com\/v1, Kind=Widget/);
  try {
    decodeProtobufBody(Buffer.from('{"kind":"Pod"}'), 'create body');
    throw new Error('expected a 400');
  } catch (err) {
    expect((err as StatusError).code).toBe(400);
    expect((err as StatusError).message).toContain('expected prefix [107 56 115 0]');
  }
});

/**
 * The sandbox's TLS material: a throwaway CA and a server certificate for 127.0.0.1/localhost,
 * made fresh at every start. Node can generate keys and sign but cannot build X.509 certificates,
 * so node-forge encodes the certificate structures (ASN.1/DER) while the keys and the RSA
 * signatures come from node:crypto (native: forge's pure-JavaScript RSA takes seconds under
 * jest). No openssl binary is needed, so it works the same on Windows and minimal runners.
 */
import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { defined } from './object.js';

// getTBSCertificate is part of forge's runtime API but missing from @types/node-forge.
declare module 'node-forge' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- augments the namespace @types/node-forge declares
  namespace pki {
    function getTBSCertificate(cert: Certificate): asn1.Asn1;
  }
}

/** PEM-encoded TLS material for the HTTPS listener and for clients (kubeconfig CA data). */
export interface SandboxTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

function rsaKeys(): { privateKey: KeyObject; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

/** Signs a certificate's TBS structure with a Node key (sha256WithRSAEncryption). */
function signWithNode(cert: forge.pki.Certificate, key: KeyObject): void {
  const oid = defined(forge.pki.oids['sha256WithRSAEncryption'], 'the sha256WithRSAEncryption OID in node-forge');
  cert.signatureOid = oid;
  cert.siginfo.algorithmOid = oid;
  const tbs = forge.asn1.toDer(forge.pki.getTBSCertificate(cert)).getBytes();
  const signature = createSign('sha256').update(Buffer.from(tbs, 'binary')).sign(key);
  cert.signature = signature.toString('binary');
}

function serial(): string {
  // Positive serial: clear the top bit so DER does not read it as negative.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

/**
 * Generates a CA (CN `<clusterName>-sandbox-ca`) and a server certificate signed by it, valid for
 * `127.0.0.1`, `::1` and `localhost`, for 30 days from one hour ago (tolerates small clock skew).
 */
export function generateSandboxTls(clusterName: string): SandboxTls {
  const now = Date.now();
  const notBefore = new Date(now - 3600_000);
  const notAfter = new Date(now + 30 * 86400_000);

  const caKeys = rsaKeys();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  ca.validity.notBefore = notBefore;
  ca.validity.notAfter = notAfter;
  const caSubject = [
    { name: 'commonName', value: `${clusterName}-sandbox-ca` },
    { name: 'organizationName', value: 'eks-fargate-deploy sandbox' },
  ];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signWithNode(ca, caKeys.privateKey);

  const serverKeys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = serverKeys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caSubject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 2, value: 'kubernetes.default.svc' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  signWithNode(cert, caKeys.privateKey);

  return {
    caPem: forge.pki.certificateToPem(ca),
    certPem: forge.pki.certificateToPem(cert),
    keyPem: serverKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

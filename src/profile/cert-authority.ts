import 'reflect-metadata'; // @peculiar/x509 resolves its services through tsyringe, which needs this polyfill
import { webcrypto } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

import { CERT_FILES as FILES, type ProfileCerts } from './certs.js';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const YEAR = 365 * 24 * 3600 * 1000;


function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function fromPem(text: string): ArrayBuffer {
  const b64 = text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const buf = Buffer.from(b64, 'base64');
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

async function exportKey(key: CryptoKey): Promise<string> {
  return pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', key));
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}

/** writeSecret writes a file only its owner can read (keys, certificates). */
function writeSecret(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

async function issue(
  ca: { cert: x509.X509Certificate; key: CryptoKey },
  subject: string,
  usage: 'server' | 'client',
  names: x509.JsonGeneralName[],
): Promise<{ cert: string; key: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
    await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
  ];
  if (names.length) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: ca.cert.subject,
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 3 * YEAR),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    extensions,
  });
  return { cert: cert.toString('pem') + '\n', key: await exportKey(keys.privateKey) };
}

/**
 * generateCerts makes (once) a profile's CA, the API server's serving certificate for 127.0.0.1 / localhost and
 * the in-cluster names, and a client certificate in group system:masters for the kubeconfig, as minikube does.
 * Existing files are reused; private keys are written with mode 0600.
 */
export async function generateCerts(dir: string, profile: string): Promise<ProfileCerts> {
  const f = (name: keyof typeof FILES) => path.join(dir, FILES[name]);
  let caCert: x509.X509Certificate;
  let caKey: CryptoKey;
  if (existsSync(f('ca')) && existsSync(f('caKey'))) {
    caCert = new x509.X509Certificate(readFileSync(f('ca'), 'utf8'));
    caKey = await webcrypto.subtle.importKey('pkcs8', fromPem(readFileSync(f('caKey'), 'utf8')), ALG, true, ['sign']);
  } else {
    const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
    caCert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: 'CN=minik9sCA',
      notBefore: new Date(Date.now() - 3600_000),
      notAfter: new Date(Date.now() + 10 * YEAR),
      keys,
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    caKey = keys.privateKey;
    writeSecret(f('caKey'), await exportKey(caKey));
    writeSecret(f('ca'), caCert.toString('pem') + '\n');
    for (const name of ['serverCert', 'serverKey', 'clientCert', 'clientKey'] as const) if (existsSync(f(name))) writeSecret(f(name), '');
  }
  const ca = { cert: caCert, key: caKey };
  const missing = (c: keyof typeof FILES, k: keyof typeof FILES) => !existsSync(f(c)) || !existsSync(f(k)) || !readFileSync(f(c), 'utf8').trim();
  if (missing('serverCert', 'serverKey')) {
    const dns = ['localhost', profile, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'control-plane.minikube.internal'];
    const ips = ['127.0.0.1', '10.96.0.1', '192.168.49.2'];
    const s = await issue(ca, `CN=${profile}`, 'server', [...dns.map((value) => ({ type: 'dns' as const, value })), ...ips.map((value) => ({ type: 'ip' as const, value }))]);
    writeSecret(f('serverKey'), s.key);
    writeSecret(f('serverCert'), s.cert);
  }
  if (missing('clientCert', 'clientKey')) {
    const c = await issue(ca, 'CN=minik9s-user, O=system:masters', 'client', []);
    writeSecret(f('clientKey'), c.key);
    writeSecret(f('clientCert'), c.cert);
  }
  const read = (name: keyof typeof FILES) => readFileSync(f(name), 'utf8');
  return { ca: read('ca'), serverCert: read('serverCert'), serverKey: read('serverKey'), clientCert: read('clientCert'), clientKey: read('clientKey') };
}


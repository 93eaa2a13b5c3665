import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** ProfileCerts are a profile's PEM files: its own CA, the API server's serving pair and a client pair. */
export interface ProfileCerts {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** CERT_FILES names the files in the profile folder. */
export const CERT_FILES = {
  ca: 'ca.crt',
  caKey: 'ca.key',
  serverCert: 'apiserver.crt',
  serverKey: 'apiserver.key',
  clientCert: 'client.crt',
  clientKey: 'client.key',
} as const;

/** readCerts reads a profile's certificates if they all exist (the CLI uses them to reach its daemon). */
export function readCerts(dir: string): ProfileCerts | undefined {
  const f = (name: keyof typeof CERT_FILES) => path.join(dir, CERT_FILES[name]);
  if (!(['ca', 'serverCert', 'serverKey', 'clientCert', 'clientKey'] as const).every((n) => existsSync(f(n)) && readFileSync(f(n), 'utf8').trim()))
    return undefined;
  const read = (name: keyof typeof CERT_FILES) => readFileSync(f(name), 'utf8');
  return { ca: read('ca'), serverCert: read('serverCert'), serverKey: read('serverKey'), clientCert: read('clientCert'), clientKey: read('clientKey') };
}

/**
 * ensureCerts returns the profile's certificates, making whatever is missing on a worker thread (so the
 * caller can boot the cluster meanwhile). A restart of an existing profile only reads the files.
 */
export async function ensureCerts(dir: string, profile: string): Promise<ProfileCerts> {
  const existing = readCerts(dir);
  if (existing && existsSync(path.join(dir, CERT_FILES.caKey))) return existing;
  const { generateCertsInWorker } = await import('./cert-worker.js');
  return generateCertsInWorker(dir, profile);
}

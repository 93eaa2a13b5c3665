import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ProfileCerts } from './certs.js';

/**
 * generateCertsInWorker makes a profile's certificates on a worker thread: loading the X.509 library and
 * signing take a few hundred milliseconds, which then overlap with booting the cluster on the main thread.
 */
export function generateCertsInWorker(dir: string, profile: string): Promise<ProfileCerts> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { dir, profile } });
    worker.once('message', (m: { certs?: ProfileCerts; error?: string }) => (m.certs ? resolve(m.certs) : reject(new Error(m.error))));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`certificate worker exited with ${code}`)));
  });
}

if (!isMainThread && parentPort && (workerData as { dir?: string } | undefined)?.dir) {
  const { dir, profile } = workerData as { dir: string; profile: string };
  import('./cert-authority.js')
    .then(({ generateCerts }) => generateCerts(dir, profile))
    .then((certs) => parentPort!.postMessage({ certs }))
    .catch((err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) }));
}

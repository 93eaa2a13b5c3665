import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** DEFAULT_PROFILE is the profile commands use without `-p`, and the name of its cluster, context and node. */
export const DEFAULT_PROFILE = 'minik9s';

/** minik9sHome is where profiles live: $MINIK9S_HOME, else ~/.minik9s. */
export function minik9sHome(): string {
  return process.env.MINIK9S_HOME || path.join(os.homedir(), '.minik9s');
}

/**
 * activeProfile is the profile commands use without `-p`: the one `minik9s profile NAME` chose (kept in
 * `$MINIK9S_HOME/config.json`, as minikube keeps it in ~/.minikube/config), else DEFAULT_PROFILE.
 */
export function activeProfile(): string {
  try {
    const cfg = JSON.parse(readFileSync(path.join(minik9sHome(), 'config.json'), 'utf8')) as { profile?: unknown };
    return typeof cfg.profile === 'string' && cfg.profile ? cfg.profile : DEFAULT_PROFILE;
  } catch {
    return DEFAULT_PROFILE;
  }
}

/** profileDir is one profile's folder. */
export function profileDir(profile: string): string {
  return path.join(minik9sHome(), 'profiles', profile);
}

/** kubeconfigPath is the kubeconfig minik9s writes: the first path of $KUBECONFIG, else ~/.kube/config. */
export function kubeconfigPath(): string {
  const env = process.env.KUBECONFIG;
  if (env) {
    const first = env.split(path.delimiter).find((p) => p.trim());
    if (first) return first;
  }
  return path.join(os.homedir(), '.kube', 'config');
}

/**
 * The Kubernetes version a new cluster reports (kubelet, /version, node info, control-plane images), and the API
 * it serves whatever version it reports (`start --kubernetes-version` changes the numbers, not the behaviour).
 */
export const KUBERNETES_VERSION = 'v1.35.1';

/** The oldest minor `--kubernetes-version` accepts (minikube's own oldest is v1.20 too). */
const OLDEST_MINOR = 20;

/**
 * parseKubernetesVersion reads `--kubernetes-version` as minikube does: `v1.30.2` or `1.30.2`, `stable` and
 * `latest` for the newest; the answer is the normalised version, or why it cannot be had.
 */
export function parseKubernetesVersion(v: string): { version: string } | { error: string; reason: string } {
  if (v === 'stable' || v === 'latest') return { version: KUBERNETES_VERSION };
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v.trim());
  if (!m) return { error: `invalid value "${v}" for --kubernetes-version: a version like v1.35.1 (or stable, latest) is needed`, reason: 'MK_USAGE' };
  const [, major, minor, patch] = m.map(Number) as number[];
  const version = `v${major}.${minor}.${patch}`;
  const [, newestMinor, newestPatch] = KUBERNETES_VERSION.slice(1).split('.').map(Number) as number[];
  if (major !== 1 || minor! < OLDEST_MINOR)
    return { error: `Kubernetes ${version} is not supported by this release of minik9s (the oldest is v1.${OLDEST_MINOR}.0)`, reason: 'K8S_OLD_UNSUPPORTED' };
  if (minor! > newestMinor! || (minor === newestMinor && patch! > newestPatch!))
    return { error: `Kubernetes ${version} is newer than this release of minik9s knows (the newest is ${KUBERNETES_VERSION})`, reason: 'K8S_NEWER_UNSUPPORTED' };
  return { version };
}

/** The container runtime the simulated nodes report, as a minikube docker-driver node does. */
export const CONTAINER_RUNTIME_VERSION = 'docker://28.4.0';

/** minik9s' own version, from package.json. */
export const MINIK9S_VERSION = 'v0.1.0';

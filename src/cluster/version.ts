/** The Kubernetes version the simulated cluster reports (kubelet, /version, node info). */
export const KUBERNETES_VERSION = 'v1.35.1';

/** The container runtime the simulated nodes report, as a minikube docker-driver node does. */
export const CONTAINER_RUNTIME_VERSION = 'docker://28.4.0';

/** minik9s' own version, from package.json. */
export const MINIK9S_VERSION = 'v0.1.0';

import type { Container, PodSpec, PodTemplateSpec, ServiceSpec } from 'kubernetes-types/core/v1.js';
import type { DeploymentSpec, ReplicaSetSpec } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from './types.js';

/** imagePullPolicyFor is the default pull policy: Always for `:latest` or no tag, else IfNotPresent. */
export function imagePullPolicyFor(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Container): void {
  c.imagePullPolicy ??= imagePullPolicyFor(c.image ?? '');
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
}

/** defaultPodSpec fills the fields the API server defaults in every pod spec (also inside templates). */
export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
}

function defaultTemplate(t: PodTemplateSpec | undefined): void {
  if (t?.spec) defaultPodSpec(t.spec);
}

/** defaultPod applies pod defaults plus what admission adds (service account, default tolerations, priority). */
export function defaultPod(obj: KubeObject): void {
  const spec = obj.spec as PodSpec | undefined;
  if (!spec) return;
  defaultPodSpec(spec);
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  // DefaultTolerationSeconds admission: tolerate an unready or unreachable node for 300 s before eviction.
  const tolerations = (spec.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t) => t.key === key && t.effect === 'NoExecute'))
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  obj.status ??= { phase: 'Pending', qosClass: 'BestEffort' };
}

/** defaultDeployment fills replicas, strategy, history limit, progress deadline and the template. */
export function defaultDeployment(obj: KubeObject): void {
  const spec = obj.spec as DeploymentSpec | undefined;
  if (!spec) return;
  spec.replicas ??= 1;
  spec.strategy ??= { type: 'RollingUpdate' };
  if (spec.strategy.type === undefined) spec.strategy.type = 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec.template);
}

/** defaultReplicaSet fills replicas and the template. */
export function defaultReplicaSet(obj: KubeObject): void {
  const spec = obj.spec as ReplicaSetSpec | undefined;
  if (!spec) return;
  spec.replicas ??= 1;
  defaultTemplate(spec.template);
}

/** defaultService fills type, session affinity, IP family fields and each port's protocol and targetPort. */
export function defaultService(obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as ServiceSpec;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.type !== 'ExternalName') {
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
  obj.status ??= { loadBalancer: {} };
}

/** defaultNamespace sets the phase, the `kubernetes` finalizer and the metadata.name label. */
export function defaultNamespace(obj: KubeObject): void {
  obj.spec ??= { finalizers: ['kubernetes'] };
  obj.status ??= { phase: 'Active' };
  const name = obj.metadata.name;
  if (name) obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
}

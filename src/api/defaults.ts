import type {
  Container,
  PodSpec,
  PodTemplateSpec,
  ServiceSpec,
  ReplicationControllerSpec,
  PersistentVolumeSpec,
  PersistentVolumeClaimSpec,
  PersistentVolumeClaim,
  LimitRangeSpec,
  PodTemplate,
  Probe,
  Volume,
} from 'kubernetes-types/core/v1.js';
import type { DeploymentSpec, ReplicaSetSpec, StatefulSetSpec, DaemonSetSpec } from 'kubernetes-types/apps/v1.js';
import type { JobSpec, CronJobSpec } from 'kubernetes-types/batch/v1.js';
import type { HorizontalPodAutoscalerSpec, HPAScalingRules } from 'kubernetes-types/autoscaling/v2.js';
import type { NetworkPolicySpec } from 'kubernetes-types/networking/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { RoleRef, Subject } from 'kubernetes-types/rbac/v1.js';
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
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
  for (const e of c.env ?? []) if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= 'v1';
}

/** defaultProbe fills a probe as SetDefaults_Probe and SetDefaults_HTTPGetAction do (kubectl describe shows them). */
function defaultProbe(p: Probe): void {
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) {
    p.httpGet.path ||= '/';
    p.httpGet.scheme ??= 'HTTP';
  }
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
  for (const v of spec.volumes ?? []) defaultVolume(v);
}

/** defaultVolume fills a volume source as SetDefaults_*VolumeSource do: file modes 0644, the hostPath type. */
function defaultVolume(v: Volume): void {
  if (v.configMap) v.configMap.defaultMode ??= 0o644;
  if (v.secret) v.secret.defaultMode ??= 0o644;
  if (v.projected) v.projected.defaultMode ??= 0o644;
  if (v.hostPath) v.hostPath.type ??= '';
  if (v.downwardAPI) {
    v.downwardAPI.defaultMode ??= 0o644;
    for (const i of v.downwardAPI.items ?? []) if (i.fieldRef) i.fieldRef.apiVersion ??= 'v1';
  }
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

/** defaultSecret sets the type: Opaque when none is given. */
export function defaultSecret(obj: KubeObject): void {
  if (!obj.type) obj.type = 'Opaque';
}

/** defaultReplicationController fills replicas, and the selector and labels from the template's labels. */
export function defaultReplicationController(obj: KubeObject): void {
  const spec = obj.spec as ReplicationControllerSpec | undefined;
  if (!spec) return;
  spec.replicas ??= 1;
  const tl = spec.template?.metadata?.labels;
  if (tl && Object.keys(tl).length) {
    if (!spec.selector || !Object.keys(spec.selector).length) spec.selector = { ...tl };
    if (!obj.metadata.labels || !Object.keys(obj.metadata.labels).length) obj.metadata.labels = { ...tl };
  }
  defaultTemplate(spec.template);
}

/** defaultPodTemplate fills the pod spec of a PodTemplate. */
export function defaultPodTemplate(obj: KubeObject): void {
  defaultTemplate((obj as unknown as PodTemplate).template);
}

/** defaultPersistentVolume fills the reclaim policy (Retain), the volume mode and the Pending phase. */
export function defaultPersistentVolume(obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as PersistentVolumeSpec;
  spec.persistentVolumeReclaimPolicy ??= 'Retain';
  spec.volumeMode ??= 'Filesystem';
  const status = (obj.status ??= {}) as { phase?: string };
  status.phase ||= 'Pending';
}

function defaultClaim(claim: { spec?: PersistentVolumeClaimSpec; status?: { phase?: string } }): void {
  const spec = (claim.spec ??= {});
  spec.volumeMode ??= 'Filesystem';
  const status = (claim.status ??= {});
  status.phase ||= 'Pending';
}

/** defaultPersistentVolumeClaim fills the volume mode and the Pending phase. */
export function defaultPersistentVolumeClaim(obj: KubeObject): void {
  defaultClaim(obj as { spec?: PersistentVolumeClaimSpec; status?: { phase?: string } });
}

/** defaultLimitRange fills a Container limit's default from max, and its defaultRequest from default then min. */
export function defaultLimitRange(obj: KubeObject): void {
  const spec = obj.spec as LimitRangeSpec | undefined;
  for (const item of spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    const def: Record<string, string | number> = { ...(item.default ?? {}) };
    const req: Record<string, string | number> = { ...(item.defaultRequest ?? {}) };
    for (const [k, v] of Object.entries(item.max ?? {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
    for (const [k, v] of Object.entries(item.min ?? {})) if (!(k in req)) req[k] = v;
    // Empty maps are omitted on the wire, as Go's omitempty does.
    if (Object.keys(def).length) item.default = def as never;
    if (Object.keys(req).length) item.defaultRequest = req as never;
  }
}

/** defaultStatefulSet fills replicas, pod management, update strategy, history, PVC retention and templates. */
export function defaultStatefulSet(obj: KubeObject): void {
  const spec = obj.spec as StatefulSetSpec | undefined;
  if (!spec) return;
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= 'OrderedReady';
  spec.updateStrategy ??= {};
  spec.updateStrategy.type ??= 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') {
    spec.updateStrategy.rollingUpdate ??= {};
    spec.updateStrategy.rollingUpdate.partition ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  spec.persistentVolumeClaimRetentionPolicy ??= {};
  spec.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
  spec.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
  for (const t of spec.volumeClaimTemplates ?? []) defaultClaim(t as PersistentVolumeClaim as never);
  defaultTemplate(spec.template);
}

/** defaultDaemonSet fills the update strategy (RollingUpdate, maxUnavailable 1, maxSurge 0), history and template. */
export function defaultDaemonSet(obj: KubeObject): void {
  const spec = obj.spec as DaemonSetSpec | undefined;
  if (!spec) return;
  spec.updateStrategy ??= {};
  spec.updateStrategy.type ??= 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') {
    spec.updateStrategy.rollingUpdate ??= {};
    spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
    spec.updateStrategy.rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec.template);
}

/** defaultJobSpec fills completions, parallelism, backoff, completion mode, suspend and pod replacement. */
function defaultJobSpec(spec: JobSpec): void {
  // Unset completions and parallelism both mean one pod; a set parallelism alone means a work queue.
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex != null ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  if (!spec.podFailurePolicy) spec.podReplacementPolicy ??= 'TerminatingOrFailed';
  else spec.podReplacementPolicy ??= 'Failed';
  defaultTemplate(spec.template);
}

/** defaultJob applies Job defaults (the selector and its labels are the strategy's: they need the uid). */
export function defaultJob(obj: KubeObject): void {
  const spec = obj.spec as JobSpec | undefined;
  if (!spec) return;
  defaultJobSpec(spec);
}

/** defaultCronJob fills concurrency policy, suspend, history limits and the job template's pod spec. */
export function defaultCronJob(obj: KubeObject): void {
  const spec = obj.spec as CronJobSpec | undefined;
  if (!spec) return;
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  // Only the pod template is defaulted here; Job defaults apply when the controller creates each Job.
  defaultTemplate(spec.jobTemplate?.spec?.template);
}

function defaultScalingRules(r: HPAScalingRules, up: boolean): void {
  r.stabilizationWindowSeconds ??= up ? 0 : 300;
  r.selectPolicy ??= 'Max';
  r.policies ??= up
    ? [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ]
    : [{ type: 'Percent', value: 100, periodSeconds: 15 }];
}

/** defaultHorizontalPodAutoscaler fills minReplicas 1, the 80% CPU metric, and a given behavior's gaps. */
export function defaultHorizontalPodAutoscaler(obj: KubeObject): void {
  const spec = obj.spec as HorizontalPodAutoscalerSpec | undefined;
  if (!spec) return;
  spec.minReplicas ??= 1;
  if (!spec.metrics?.length)
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  if (spec.behavior) {
    defaultScalingRules((spec.behavior.scaleUp ??= {}), true);
    defaultScalingRules((spec.behavior.scaleDown ??= {}), false);
  }
}

/** defaultNetworkPolicy fills policyTypes (Ingress, plus Egress when egress rules exist) and port protocols. */
export function defaultNetworkPolicy(obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as NetworkPolicySpec;
  spec.podSelector ??= {};
  for (const r of spec.ingress ?? []) for (const p of r.ports ?? []) p.protocol ??= 'TCP';
  for (const r of spec.egress ?? []) for (const p of r.ports ?? []) p.protocol ??= 'TCP';
  if (!spec.policyTypes?.length) spec.policyTypes = spec.egress?.length ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** defaultStorageClass fills the reclaim policy (Delete) and the binding mode (Immediate). */
export function defaultStorageClass(obj: KubeObject): void {
  obj.reclaimPolicy ??= 'Delete';
  obj.volumeBindingMode ??= 'Immediate';
}

/** defaultEndpointSlice fills each port's protocol (TCP) and name (""). */
export function defaultEndpointSlice(obj: KubeObject): void {
  for (const p of (obj as unknown as EndpointSlice).ports ?? []) {
    p.protocol ??= 'TCP';
    p.name ??= '';
  }
}

/** defaultRoleBinding fills the RBAC apiGroup of the roleRef and of User and Group subjects. */
export function defaultRoleBinding(obj: KubeObject): void {
  const ref = obj.roleRef as RoleRef | undefined;
  if (ref && !ref.apiGroup) ref.apiGroup = 'rbac.authorization.k8s.io';
  for (const s of (obj.subjects as Subject[] | undefined) ?? []) {
    if ((s.kind === 'User' || s.kind === 'Group') && !s.apiGroup) s.apiGroup = 'rbac.authorization.k8s.io';
  }
}

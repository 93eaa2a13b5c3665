import type { Container, PodSpec, PodTemplateSpec, Service, PersistentVolumeSpec, PersistentVolumeClaimSpec } from 'kubernetes-types/core/v1.js';
import type { StatefulSetSpec, DaemonSetSpec } from 'kubernetes-types/apps/v1.js';
import type { JobSpec, CronJobSpec } from 'kubernetes-types/batch/v1.js';
import type { HorizontalPodAutoscalerSpec } from 'kubernetes-types/autoscaling/v2.js';
import type { IngressBackend, IngressSpec, NetworkPolicySpec } from 'kubernetes-types/networking/v1.js';
import type { PodDisruptionBudgetSpec } from 'kubernetes-types/policy/v1.js';
import type { PolicyRule, RoleRef, Subject } from 'kubernetes-types/rbac/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { KubeObject } from './types.js';
import { type FieldError, required, invalid, notSupported } from './field-errors.js';
import { dns1123Label, dns1123Subdomain, dns1035Label } from './names.js';
import { fromLabelSelector } from './selectors.js';

/** NameRule says which name format a kind's objects must have; `path` is RBAC's (any valid path segment). */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path';

/** pathSegmentName returns why a name cannot be a URL path segment, as apimachinery's IsValidPathSegmentName does. */
export function pathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const c of ['/', '%']) if (name.includes(c)) errs.push(`may not contain '${c}'`);
  return errs;
}

/** validateName checks metadata.name against the kind's rule. */
export function validateName(name: string, rule: NameRule, field = 'metadata.name'): FieldError[] {
  const check =
    rule === 'label' ? dns1123Label : rule === 'dns1035' ? dns1035Label : rule === 'path' ? pathSegmentName : dns1123Subdomain;
  return check(name).map((d) => invalid(field, name, d));
}

function validateContainers(cs: Container[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!cs || cs.length === 0) {
    errs.push(required(path));
    return errs;
  }
  const seen = new Set<string>();
  cs.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!c.name) errs.push(required(`${p}.name`));
    else {
      errs.push(...validateName(c.name, 'label', `${p}.name`));
      if (seen.has(c.name)) errs.push({ type: 'Duplicate', field: `${p}.name`, value: c.name });
      seen.add(c.name);
    }
    if (!c.image || !c.image.trim()) errs.push(required(`${p}.image`));
    for (const [j, port] of (c.ports ?? []).entries()) {
      if (!(port.containerPort >= 1 && port.containerPort <= 65535))
        errs.push(invalid(`${p}.ports[${j}].containerPort`, port.containerPort, 'must be between 1 and 65535, inclusive'));
    }
    const policy = c.imagePullPolicy;
    if (policy && !['Always', 'IfNotPresent', 'Never'].includes(policy))
      errs.push(notSupported(`${p}.imagePullPolicy`, policy, ['Always', 'IfNotPresent', 'Never']));
  });
  return errs;
}

/** validatePodSpec checks a pod spec (also inside templates). */
export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  if (!spec) return [required(path)];
  const errs = validateContainers(spec.containers, `${path}.containers`);
  const rp = spec.restartPolicy;
  if (rp && !['Always', 'OnFailure', 'Never'].includes(rp)) errs.push(notSupported(`${path}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']));
  if (spec.terminationGracePeriodSeconds != null && spec.terminationGracePeriodSeconds < 0)
    errs.push(invalid(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  return errs;
}

/** validatePod checks a pod; on update only spec.containers[*].image and a few fields may change. */
export function validatePod(obj: KubeObject, old?: KubeObject): FieldError[] {
  const errs = validatePodSpec(obj.spec as PodSpec | undefined, 'spec');
  if (old && old.spec) {
    const strip = (s: PodSpec) => JSON.stringify({ ...s, containers: s.containers.map((c) => ({ ...c, image: '' })), activeDeadlineSeconds: 0, tolerations: [], nodeName: '' });
    if (strip(obj.spec as PodSpec) !== strip(old.spec as PodSpec))
      errs.push({
        type: 'Forbidden',
        field: 'spec',
        detail:
          'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      });
  }
  return errs;
}

function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  replicas: number | undefined,
  opts: { what?: string; path?: string; restartPolicies?: string[] } = {},
): FieldError[] {
  const path = opts.path ?? 'spec';
  const errs: FieldError[] = [];
  if (replicas != null && replicas < 0) errs.push(invalid(`${path}.replicas`, replicas, 'must be greater than or equal to 0'));
  if (!selector) errs.push(required(`${path}.selector`));
  else if (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length)
    errs.push(invalid(`${path}.selector`, selector, `empty selector is invalid for ${opts.what ?? 'deployment'}`));
  if (!template) {
    errs.push(required(`${path}.template`));
    return errs;
  }
  const labels = template.metadata?.labels ?? {};
  if (selector && !fromLabelSelector(selector).matches(labels))
    errs.push(invalid(`${path}.template.metadata.labels`, labels, '`selector` does not match template `labels`'));
  errs.push(...validatePodSpec(template.spec, `${path}.template.spec`));
  const allowed = opts.restartPolicies ?? ['Always'];
  const rp = template.spec?.restartPolicy;
  if (rp && !allowed.includes(rp)) errs.push(notSupported(`${path}.template.spec.restartPolicy`, rp, allowed));
  return errs;
}

/** validateWorkload checks a Deployment or ReplicaSet; the selector is immutable once created. */
export function validateWorkload(obj: KubeObject, old?: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as { selector?: LabelSelector; template?: PodTemplateSpec; replicas?: number };
  const errs = validateSelectorAndTemplate(spec.selector, spec.template, spec.replicas);
  if (old) {
    const oldSel = (old.spec as { selector?: LabelSelector } | undefined)?.selector;
    if (JSON.stringify(oldSel) !== JSON.stringify(spec.selector))
      errs.push(invalid('spec.selector', spec.selector, 'field is immutable'));
  }
  return errs;
}

/** validateService checks type, ports and the clusterIP (immutable once set). */
export function validateService(obj: KubeObject, old?: KubeObject): FieldError[] {
  const svc = obj as unknown as Service;
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  const types = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
  if (spec.type && !types.includes(spec.type)) errs.push(notSupported('spec.type', spec.type, types));
  const ports = spec.ports ?? [];
  if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None' && ports.length === 0) errs.push(required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(required(`${path}.name`));
    if (p.name) {
      if (names.has(p.name)) errs.push({ type: 'Duplicate', field: `${path}.name`, value: p.name });
      names.add(p.name);
    }
    if (!(p.port >= 1 && p.port <= 65535)) errs.push(invalid(`${path}.port`, p.port, 'must be between 1 and 65535, inclusive'));
    if (p.protocol && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) errs.push(notSupported(`${path}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
    if (p.nodePort != null && spec.type !== 'NodePort' && spec.type !== 'LoadBalancer' && p.nodePort !== 0)
      errs.push({ type: 'Forbidden', field: `${path}.nodePort`, detail: 'may not be used when `type` is \'ClusterIP\'' });
    if (p.nodePort && (p.nodePort < 30000 || p.nodePort > 32767))
      errs.push(invalid(`${path}.nodePort`, p.nodePort, 'provided port is not in the valid range. The range of valid ports is 30000-32767'));
  });
  if (old) {
    const oldIP = (old.spec as { clusterIP?: string } | undefined)?.clusterIP;
    if (spec.clusterIP && oldIP && spec.clusterIP !== oldIP) errs.push(invalid('spec.clusterIPs[0]', spec.clusterIP, 'field is immutable'));
  }
  return errs;
}

// ---- config: ConfigMap, Secret ----

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** configMapKey returns why a key cannot name a ConfigMap or Secret entry, worded as IsConfigMapKey does. */
export function configMapKey(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(key))
    errs.push("must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

function validateKeys(map: Record<string, unknown> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of Object.keys(map ?? {})) for (const msg of configMapKey(key)) errs.push(invalid(`${path}[${key}]`, key, msg));
  return errs;
}

function validateImmutableData(obj: KubeObject, old: KubeObject | undefined, fields: string[]): FieldError[] {
  if (!old || old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push({ type: 'Forbidden', field: 'immutable', detail: 'field is immutable when `immutable` is set' });
  for (const f of fields)
    if (JSON.stringify(obj[f] ?? {}) !== JSON.stringify(old[f] ?? {}))
      errs.push({ type: 'Forbidden', field: f, detail: 'field is immutable when `immutable` is set' });
  return errs;
}

/** validateConfigMap checks data and binaryData keys (valid, not in both) and immutability. */
export function validateConfigMap(obj: KubeObject, old?: KubeObject): FieldError[] {
  const data = obj.data as Record<string, string> | undefined;
  const binary = obj.binaryData as Record<string, string> | undefined;
  const errs = [...validateKeys(data, 'data'), ...validateKeys(binary, 'binaryData')];
  for (const key of Object.keys(binary ?? {}))
    if (data && key in data) errs.push(invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
  errs.push(...validateImmutableData(obj, old, ['data', 'binaryData']));
  return errs;
}

/** The data keys each well-known Secret type requires. */
const SECRET_TYPE_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

/** validateSecret checks data keys, the keys its type requires, and that type and immutable data do not change. */
export function validateSecret(obj: KubeObject, old?: KubeObject): FieldError[] {
  const data = (obj.data ?? {}) as Record<string, string>;
  const errs = validateKeys(data, 'data');
  const type = String(obj.type ?? 'Opaque');
  for (const key of SECRET_TYPE_KEYS[type] ?? []) if (!(key in data)) errs.push(required(`data[${key}]`));
  if (type === 'kubernetes.io/basic-auth' && !('username' in data) && !('password' in data)) {
    errs.push(required('data[username]'), required('data[password]'));
  }
  if (type === 'kubernetes.io/service-account-token' && !obj.metadata.annotations?.['kubernetes.io/service-account.name'])
    errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  if (old && (old.type ?? 'Opaque') !== type) errs.push(invalid('type', type, 'field is immutable'));
  errs.push(...validateImmutableData(obj, old, ['data']));
  return errs;
}

// ---- workloads: ReplicationController, PodTemplate, StatefulSet, DaemonSet, ControllerRevision, Job, CronJob ----

/** validateReplicationController checks the map selector, the template and its labels. */
export function validateReplicationController(obj: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as { selector?: Record<string, string>; template?: PodTemplateSpec; replicas?: number };
  const errs: FieldError[] = [];
  if (spec.replicas != null && spec.replicas < 0) errs.push(invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  const selector = spec.selector ?? {};
  if (!Object.keys(selector).length) errs.push(required('spec.selector'));
  if (!spec.template) return [...errs, required('spec.template')];
  const labels = spec.template.metadata?.labels ?? {};
  if (Object.entries(selector).some(([k, v]) => labels[k] !== v))
    errs.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  errs.push(...validatePodSpec(spec.template.spec, 'spec.template.spec'));
  const rp = spec.template.spec?.restartPolicy;
  if (rp && rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  return errs;
}

/** validatePodTemplate checks the pod spec of a PodTemplate. */
export function validatePodTemplate(obj: KubeObject): FieldError[] {
  const t = obj.template as PodTemplateSpec | undefined;
  if (!t) return [required('template')];
  return validatePodSpec(t.spec, 'template.spec');
}

const immutable = (field: string, value: unknown): FieldError => invalid(field, value, 'field is immutable');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** validateStatefulSet checks selector, template, policies; on update only some spec fields may change. */
export function validateStatefulSet(obj: KubeObject, old?: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as StatefulSetSpec;
  const errs = validateSelectorAndTemplate(spec.selector, spec.template, spec.replicas, { what: 'statefulset' });
  const pmp = spec.podManagementPolicy;
  if (pmp && !['OrderedReady', 'Parallel'].includes(pmp)) errs.push(notSupported('spec.podManagementPolicy', pmp, ['OrderedReady', 'Parallel']));
  const ut = spec.updateStrategy?.type;
  if (ut && !['OnDelete', 'RollingUpdate'].includes(ut)) errs.push(notSupported('spec.updateStrategy.type', ut, ['OnDelete', 'RollingUpdate']));
  const partition = spec.updateStrategy?.rollingUpdate?.partition;
  if (partition != null && partition < 0)
    errs.push(invalid('spec.updateStrategy.rollingUpdate.partition', partition, 'must be greater than or equal to 0'));
  for (const [f, v] of Object.entries(spec.persistentVolumeClaimRetentionPolicy ?? {}))
    if (v && !['Retain', 'Delete'].includes(String(v)))
      errs.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, v, ['Retain', 'Delete']));
  if (old) {
    const mutable = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
    const strip = (s: object | undefined) => Object.fromEntries(Object.entries(s ?? {}).filter(([k]) => !mutable.includes(k)));
    if (!same(strip(spec), strip(old.spec as object)))
      errs.push({
        type: 'Forbidden',
        field: 'spec',
        detail: "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      });
  }
  return errs;
}

/** validateDaemonSet checks selector, template and update strategy; the selector is immutable. */
export function validateDaemonSet(obj: KubeObject, old?: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as DaemonSetSpec;
  const errs = validateSelectorAndTemplate(spec.selector, spec.template, undefined, { what: 'daemonset' });
  const ut = spec.updateStrategy?.type;
  if (ut && !['OnDelete', 'RollingUpdate'].includes(ut)) errs.push(notSupported('spec.updateStrategy.type', ut, ['OnDelete', 'RollingUpdate']));
  const ru = spec.updateStrategy?.rollingUpdate;
  if (ut === 'RollingUpdate' && ru && String(ru.maxUnavailable) === '0' && String(ru.maxSurge ?? 0) === '0')
    errs.push(invalid('spec.updateStrategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  if (old && !same((old.spec as DaemonSetSpec | undefined)?.selector, spec.selector)) errs.push(immutable('spec.selector', spec.selector));
  return errs;
}

/** validateControllerRevision checks the revision number; data is immutable. */
export function validateControllerRevision(obj: KubeObject, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const rev = obj.revision as number | undefined;
  if (rev != null && rev < 0) errs.push(invalid('revision', rev, 'must be greater than or equal to 0'));
  if (old && !same(old.data, obj.data)) errs.push(immutable('data', obj.data));
  return errs;
}

function validateJobSpec(spec: JobSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished'] as const) {
    const v = spec[f];
    if (v != null && v < 0) errs.push(invalid(`${path}.${f}`, v, 'must be greater than or equal to 0'));
  }
  const mode = spec.completionMode;
  if (mode && !['NonIndexed', 'Indexed'].includes(mode)) errs.push(notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  if (mode === 'Indexed' && spec.completions == null) errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  errs.push(...validateSelectorAndTemplate(spec.selector, spec.template, undefined, { what: 'job', path, restartPolicies: ['OnFailure', 'Never'] })
    .filter((e) => !(e.field === `${path}.selector` && e.type === 'Required' && !spec.selector)));
  return errs;
}

/** validateJob checks the spec (restartPolicy OnFailure or Never, a generated selector); selector, template and completions are immutable. */
export function validateJob(obj: KubeObject, old?: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as JobSpec;
  const errs = validateJobSpec(spec, 'spec');
  if (!spec.selector) errs.push(required('spec.selector'));
  if (spec.manualSelector !== true && spec.selector) {
    const uid = spec.selector.matchLabels?.['batch.kubernetes.io/controller-uid'];
    const generated = uid !== undefined && Object.keys(spec.selector.matchLabels ?? {}).length === 1 && !(spec.selector.matchExpressions ?? []).length;
    if (!generated) errs.push(invalid('spec.selector', spec.selector, '`selector` not auto-generated'));
  }
  if (old) {
    const oldSpec = (old.spec ?? {}) as JobSpec;
    if (!same(oldSpec.selector, spec.selector)) errs.push(immutable('spec.selector', spec.selector));
    if (!same(oldSpec.completions, spec.completions)) errs.push(immutable('spec.completions', spec.completions));
    if (!same(oldSpec.completionMode, spec.completionMode)) errs.push(immutable('spec.completionMode', spec.completionMode));
    if (!same(oldSpec.template, spec.template)) errs.push(immutable('spec.template', spec.template));
  }
  return errs;
}

const CRON_DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const CRON_FIELDS: { min: number; max: number; names?: string[] }[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** parseCron checks a standard 5-field schedule and returns robfig/cron's error text, or undefined when it parses. */
export function parseCron(schedule: string): string | undefined {
  const spec = schedule.trim();
  if (!spec) return 'empty spec string';
  if (spec.startsWith('@')) {
    if (CRON_DESCRIPTORS.includes(spec)) return undefined;
    if (spec.startsWith('@every ')) {
      const d = spec.slice(7).trim();
      return /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(d) ? undefined : `failed to parse duration ${spec}: time: invalid duration "${d}"`;
    }
    return `unrecognized descriptor: ${spec}`;
  }
  let fields = spec.split(/\s+/);
  // CRON_TZ= / TZ= prefixes are parsed (and rejected separately by validation).
  if (fields[0]?.startsWith('TZ=') || fields[0]?.startsWith('CRON_TZ=')) fields = fields.slice(1);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    const r = CRON_FIELDS[i]!;
    for (const expr of fields[i]!.split(',')) {
      const err = parseCronRange(expr, r);
      if (err) return err;
    }
  }
  return undefined;
}

function parseCronRange(expr: string, r: { min: number; max: number; names?: string[] }): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  const num = (s: string): number | string => {
    const idx = r.names?.indexOf(s.toLowerCase()) ?? -1;
    if (idx >= 0) return idx + (r.names!.length === 12 ? 1 : 0);
    if (!/^[+-]?\d+$/.test(s)) return `failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`;
    const n = Number(s);
    return n < 0 ? `negative number (${n}) not allowed: ${s}` : n;
  };
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    const s = num(lowAndHigh[0]!);
    if (typeof s === 'string') return s;
    start = s;
    if (lowAndHigh.length === 1) end = s;
    else if (lowAndHigh.length === 2) {
      const e = num(lowAndHigh[1]!);
      if (typeof e === 'string') return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  if (rangeAndStep.length === 2) {
    const st = num(rangeAndStep[1]!);
    if (typeof st === 'string') return st;
    if (single && lowAndHigh[0] !== '*' && lowAndHigh[0] !== '?') end = r.max;
    if (st === 0) return `step of range should be a positive number: ${expr}`;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  return undefined;
}

/** validateCronJob checks the name length, the schedule, the policies and the job template. */
export function validateCronJob(obj: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as CronJobSpec;
  const errs: FieldError[] = [];
  const name = obj.metadata.name ?? '';
  // The controller appends an 11-character suffix to Job names, which must stay within 63.
  if (name.length > 52) errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  if (!spec.schedule) errs.push(required('spec.schedule'));
  else {
    const err = parseCron(spec.schedule);
    if (err) errs.push(invalid('spec.schedule', spec.schedule, err));
    if (spec.schedule.includes('TZ'))
      errs.push(invalid('spec.schedule', spec.schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  const cp = spec.concurrencyPolicy;
  if (cp && !['Allow', 'Forbid', 'Replace'].includes(cp)) errs.push(notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
    const v = spec[f];
    if (v != null && v < 0) errs.push(invalid(`spec.${f}`, v, 'must be greater than or equal to 0'));
  }
  const jt = spec.jobTemplate?.spec;
  if (!jt) errs.push(required('spec.jobTemplate'));
  else {
    // The template's selector is generated per Job, so it is neither required nor checked here.
    errs.push(...validateJobSpec(jt, 'spec.jobTemplate.spec').filter((e) => !e.field.endsWith('.template.metadata.labels')));
  }
  return errs;
}

// ---- storage: PersistentVolume, PersistentVolumeClaim, StorageClass ----

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_SOURCES = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'csi', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk',
  'glusterfs', 'hostPath', 'iscsi', 'local', 'nfs', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume',
];

function validateAccessModes(modes: string[] | undefined, path: string, detail?: string): FieldError[] {
  if (!modes?.length) return [required(path, detail)];
  const errs = modes.filter((m) => !ACCESS_MODES.includes(m)).map((m) => notSupported(path, m, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1)
    errs.push({ type: 'Forbidden', field: path, detail: 'may not use ReadWriteOncePod with other access modes' });
  return errs;
}

/** validatePersistentVolume checks capacity (storage only), access modes, reclaim policy and that one volume source is set. */
export function validatePersistentVolume(obj: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as PersistentVolumeSpec;
  const errs = validateAccessModes(spec.accessModes, 'spec.accessModes');
  const cap = spec.capacity ?? {};
  if (!Object.keys(cap).length) errs.push(required('spec.capacity'));
  else if (!('storage' in cap) || Object.keys(cap).length > 1) errs.push(notSupported('spec.capacity', cap, ['storage']));
  const rp = spec.persistentVolumeReclaimPolicy;
  if (rp && !['Delete', 'Recycle', 'Retain'].includes(rp)) errs.push(notSupported('spec.persistentVolumeReclaimPolicy', rp, ['Delete', 'Recycle', 'Retain']));
  const sources = VOLUME_SOURCES.filter((s) => (spec as Record<string, unknown>)[s] != null);
  if (!sources.length) errs.push(required('spec', 'must specify a volume type'));
  else if (sources.length > 1) errs.push({ type: 'Forbidden', field: `spec.${sources[1]}`, detail: 'may not specify more than 1 volume type' });
  const vm = spec.volumeMode;
  if (vm && !['Block', 'Filesystem'].includes(vm)) errs.push(notSupported('spec.volumeMode', vm, ['Block', 'Filesystem']));
  return errs;
}

/** validatePersistentVolumeClaim checks access modes and the storage request; the spec is immutable but for resizing and binding. */
export function validatePersistentVolumeClaim(obj: KubeObject, old?: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as PersistentVolumeClaimSpec;
  const errs = validateAccessModes(spec.accessModes, 'spec.accessModes', 'at least 1 access mode is required');
  const storage = spec.resources?.requests?.['storage'];
  if (storage === undefined || storage === null || storage === '') errs.push(required('spec.resources[storage]'));
  else if (String(storage) === '0' || String(storage).startsWith('-'))
    errs.push(invalid('spec.resources[storage]', String(storage), 'must be greater than zero'));
  const vm = spec.volumeMode;
  if (vm && !['Block', 'Filesystem'].includes(vm)) errs.push(notSupported('spec.volumeMode', vm, ['Block', 'Filesystem']));
  if (old) {
    const o = (old.spec ?? {}) as PersistentVolumeClaimSpec;
    // Binding (volumeName, a defaulted class) and resizing are allowed; everything else is fixed at creation.
    const strip = (s: PersistentVolumeClaimSpec, base: PersistentVolumeClaimSpec) => ({
      ...s,
      resources: { ...s.resources, requests: undefined },
      volumeAttributesClassName: undefined,
      volumeName: base.volumeName ? s.volumeName : undefined,
      storageClassName: base.storageClassName != null ? s.storageClassName : undefined,
    });
    if (!same(strip(spec, o), strip(o, o)))
      errs.push({ type: 'Forbidden', field: 'spec', detail: 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims' });
  }
  return errs;
}

/** validateStorageClass checks provisioner, reclaim policy and binding mode; parameters, provisioner and policies are immutable. */
export function validateStorageClass(obj: KubeObject, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!obj.provisioner) errs.push(required('provisioner'));
  const rp = obj.reclaimPolicy as string | undefined;
  if (rp && !['Delete', 'Retain'].includes(rp)) errs.push(notSupported('reclaimPolicy', rp, ['Delete', 'Retain']));
  const vbm = obj.volumeBindingMode as string | undefined;
  if (vbm && !['Immediate', 'WaitForFirstConsumer'].includes(vbm)) errs.push(notSupported('volumeBindingMode', vbm, ['Immediate', 'WaitForFirstConsumer']));
  if (old) {
    for (const f of ['parameters', 'provisioner', 'reclaimPolicy'])
      if (!same(old[f] ?? null, obj[f] ?? null)) errs.push({ type: 'Forbidden', field: f, detail: `updates to ${f} are forbidden.` });
    if (!same(old.volumeBindingMode, obj.volumeBindingMode)) errs.push(immutable('volumeBindingMode', obj.volumeBindingMode));
  }
  return errs;
}

// ---- networking: Ingress, IngressClass, NetworkPolicy, EndpointSlice ----

function validateIngressBackend(b: IngressBackend | undefined, path: string): FieldError[] {
  if (!b) return [required(path)];
  if (b.resource && b.service) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (b.resource) {
    const errs: FieldError[] = [];
    if (!b.resource.kind) errs.push(required(`${path}.resource.kind`));
    if (!b.resource.name) errs.push(required(`${path}.resource.name`));
    return errs;
  }
  if (!b.service) return [invalid(path, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  if (!b.service.name) errs.push(required(`${path}.service.name`));
  else errs.push(...dns1035Label(b.service.name).map((d) => invalid(`${path}.service.name`, b.service!.name, d)));
  const port = b.service.port ?? {};
  if (port.name && port.number) errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (port.number) {
    if (port.number < 1 || port.number > 65535)
      errs.push(invalid(`${path}.service.port.number`, port.number, 'must be between 1 and 65535, inclusive'));
  } else if (!port.name) errs.push(required(path, 'port name or number is required'));
  return errs;
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

/** validateIngress checks that a default backend or rules exist, hosts, paths, path types and backends. */
export function validateIngress(obj: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as IngressSpec;
  const errs: FieldError[] = [];
  if (!spec.defaultBackend && !spec.rules?.length) errs.push(invalid('spec', spec, 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) errs.push(...validateIngressBackend(spec.defaultBackend, 'spec.defaultBackend'));
  (spec.rules ?? []).forEach((rule, i) => {
    const rp = `spec.rules[${i}]`;
    if (rule.host) {
      if (/^\d+\.\d+\.\d+\.\d+$/.test(rule.host) || rule.host.includes(':'))
        errs.push(invalid(`${rp}.host`, rule.host, 'must be a DNS name, not an IP address'));
      else {
        const host = rule.host.startsWith('*.') ? rule.host.slice(2) : rule.host;
        errs.push(...dns1123Subdomain(host).map((d) => invalid(`${rp}.host`, rule.host, d)));
      }
    }
    if (!rule.http) return;
    if (!rule.http.paths?.length) errs.push(required(`${rp}.http.paths`));
    (rule.http.paths ?? []).forEach((p, j) => {
      const pp = `${rp}.http.paths[${j}]`;
      if (!p.pathType) errs.push(required(`${pp}.pathType`, 'pathType must be specified'));
      else if (!PATH_TYPES.includes(p.pathType)) errs.push(notSupported(`${pp}.pathType`, p.pathType, PATH_TYPES));
      else if (p.pathType !== 'ImplementationSpecific' || p.path) {
        if (!p.path?.startsWith('/')) errs.push(invalid(`${pp}.path`, p.path ?? '', 'must be an absolute path'));
      }
      errs.push(...validateIngressBackend(p.backend, `${pp}.backend`));
    });
  });
  (spec.tls ?? []).forEach((t, i) => {
    for (const [j, h] of (t.hosts ?? []).entries()) {
      const host = h.startsWith('*.') ? h.slice(2) : h;
      errs.push(...dns1123Subdomain(host).map((d) => invalid(`spec.tls[${i}].hosts[${j}]`, h, d)));
    }
  });
  return errs;
}

/** validateIngressClass requires a controller, which is immutable. */
export function validateIngressClass(obj: KubeObject, old?: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as { controller?: string };
  const errs: FieldError[] = [];
  if (!spec.controller) errs.push(required('spec.controller'));
  if (old && (old.spec as { controller?: string } | undefined)?.controller !== spec.controller)
    errs.push(immutable('spec.controller', spec.controller));
  return errs;
}

/** validateNetworkPolicy checks the policy types and port protocols. */
export function validateNetworkPolicy(obj: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as NetworkPolicySpec;
  const errs: FieldError[] = [];
  (spec.policyTypes ?? []).forEach((t, i) => {
    if (!['Egress', 'Ingress'].includes(t)) errs.push(notSupported(`spec.policyTypes[${i}]`, t, ['Ingress', 'Egress']));
  });
  for (const [dir, rules] of [['ingress', spec.ingress], ['egress', spec.egress]] as const)
    (rules ?? []).forEach((r, i) =>
      (r.ports ?? []).forEach((p, j) => {
        if (p.protocol && !['TCP', 'UDP', 'SCTP'].includes(p.protocol))
          errs.push(notSupported(`spec.${dir}[${i}].ports[${j}].protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
      }),
    );
  return errs;
}

/** validateEndpointSlice checks the address type (immutable) and that each endpoint has an address. */
export function validateEndpointSlice(obj: KubeObject, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const at = obj.addressType as string | undefined;
  if (!at) errs.push(required('addressType'));
  else if (!['FQDN', 'IPv4', 'IPv6'].includes(at)) errs.push(notSupported('addressType', at, ['FQDN', 'IPv4', 'IPv6']));
  ((obj.endpoints as { addresses?: string[] }[] | undefined) ?? []).forEach((e, i) => {
    if (!e.addresses?.length) errs.push(required(`endpoints[${i}].addresses`, 'must contain at least 1 address'));
  });
  if (old && old.addressType !== at) errs.push(immutable('addressType', at));
  return errs;
}

// ---- autoscaling, policy, coordination, events ----

/** validateHorizontalPodAutoscaler checks the target reference and the replica bounds. */
export function validateHorizontalPodAutoscaler(obj: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as HorizontalPodAutoscalerSpec;
  const errs: FieldError[] = [];
  if (!spec.scaleTargetRef?.kind) errs.push(required('spec.scaleTargetRef.kind'));
  if (!spec.scaleTargetRef?.name) errs.push(required('spec.scaleTargetRef.name'));
  const min = spec.minReplicas;
  if (min != null && min < 1) errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  const max = spec.maxReplicas;
  if (max == null || max < 1) errs.push(invalid('spec.maxReplicas', max ?? 0, 'must be greater than 0'));
  else if (min != null && max < min) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  return errs;
}

function validateIntOrPercent(v: number | string | undefined, path: string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'number') return v < 0 ? [invalid(path, v, 'must be greater than or equal to 0')] : [];
  const m = /^(\d+)%$/.exec(v);
  if (!m) return [invalid(path, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
  return Number(m[1]) > 100 ? [invalid(path, v, 'must not be greater than 100%')] : [];
}

/** validatePodDisruptionBudget checks minAvailable and maxUnavailable (not both, non-negative, at most 100%). */
export function validatePodDisruptionBudget(obj: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as PodDisruptionBudgetSpec;
  const errs: FieldError[] = [];
  if (spec.minAvailable != null && spec.maxUnavailable != null)
    errs.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  errs.push(...validateIntOrPercent(spec.minAvailable, 'spec.minAvailable'), ...validateIntOrPercent(spec.maxUnavailable, 'spec.maxUnavailable'));
  const p = spec.unhealthyPodEvictionPolicy;
  if (p && !['AlwaysAllow', 'IfHealthyBudget'].includes(p)) errs.push(notSupported('spec.unhealthyPodEvictionPolicy', p, ['AlwaysAllow', 'IfHealthyBudget']));
  return errs;
}

/** validateLease checks that durations, when set, are positive. */
export function validateLease(obj: KubeObject): FieldError[] {
  const d = (obj.spec as { leaseDurationSeconds?: number } | undefined)?.leaseDurationSeconds;
  return d != null && d <= 0 ? [invalid('spec.leaseDurationSeconds', d, 'must be greater than 0')] : [];
}

/** validateEventsV1 checks an events.k8s.io Event: eventTime, reporting controller and instance, action, reason, type. */
export function validateEventsV1(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!obj.eventTime) errs.push(required('eventTime'));
  if (obj.type !== 'Normal' && obj.type !== 'Warning') errs.push(invalid('type', '', `has invalid value: ${String(obj.type ?? '')}`));
  if (!obj.reportingController) errs.push(required('reportingController'));
  if (!obj.reportingInstance) errs.push(required('reportingInstance'));
  if (!obj.action) errs.push(required('action'));
  if (!obj.reason) errs.push(required('reason'));
  return errs;
}

// ---- rbac ----

function validatePolicyRules(rules: PolicyRule[] | undefined, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  (rules ?? []).forEach((r, i) => {
    const p = `rules[${i}]`;
    if (!r.verbs?.length) errs.push(required(`${p}.verbs`, 'verbs must contain at least one value'));
    if (r.nonResourceURLs?.length) {
      if (namespaced) errs.push(invalid(`${p}.nonResourceURLs`, r.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
      if (r.apiGroups?.length || r.resources?.length || r.resourceNames?.length)
        errs.push(invalid(`${p}.nonResourceURLs`, r.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
      return;
    }
    if (!r.apiGroups?.length) errs.push(required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    if (!r.resources?.length) errs.push(required(`${p}.resources`, 'resource rules must supply at least one resource'));
  });
  return errs;
}

/** validateRole checks a Role's rules (no non-resource URLs in a namespace). */
export function validateRole(obj: KubeObject): FieldError[] {
  return validatePolicyRules(obj.rules as PolicyRule[] | undefined, true);
}

/** validateClusterRole checks a ClusterRole's rules; an aggregated role's rules are the controller's. */
export function validateClusterRole(obj: KubeObject): FieldError[] {
  if (obj.aggregationRule) return [];
  return validatePolicyRules(obj.rules as PolicyRule[] | undefined, false);
}

function validateBinding(obj: KubeObject, old: KubeObject | undefined, kinds: string[], namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref = obj.roleRef as RoleRef | undefined;
  if (ref?.apiGroup !== 'rbac.authorization.k8s.io') errs.push(notSupported('roleRef.apiGroup', ref?.apiGroup ?? '', ['rbac.authorization.k8s.io']));
  if (!ref?.kind || !kinds.includes(ref.kind)) errs.push(notSupported('roleRef.kind', ref?.kind ?? '', kinds));
  if (!ref?.name) errs.push(required('roleRef.name'));
  else errs.push(...pathSegmentName(ref.name).map((d) => invalid('roleRef.name', ref.name, d)));
  ((obj.subjects as Subject[] | undefined) ?? []).forEach((s, i) => {
    const p = `subjects[${i}]`;
    if (!s.name) errs.push(required(`${p}.name`));
    if (s.kind === 'ServiceAccount') {
      if (s.apiGroup) errs.push(notSupported(`${p}.apiGroup`, s.apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(required(`${p}.namespace`));
    } else if (s.kind === 'User' || s.kind === 'Group') {
      if (s.apiGroup !== 'rbac.authorization.k8s.io') errs.push(notSupported(`${p}.apiGroup`, s.apiGroup ?? '', ['rbac.authorization.k8s.io']));
    } else errs.push(notSupported(`${p}.kind`, s.kind, ['ServiceAccount', 'User', 'Group']));
  });
  if (old && !same(old.roleRef, obj.roleRef)) errs.push(invalid('roleRef', obj.roleRef, 'cannot change roleRef'));
  return errs;
}

/** validateRoleBinding checks roleRef (Role or ClusterRole, immutable) and subjects. */
export function validateRoleBinding(obj: KubeObject, old?: KubeObject): FieldError[] {
  return validateBinding(obj, old, ['Role', 'ClusterRole'], true);
}

/** validateClusterRoleBinding checks roleRef (ClusterRole, immutable) and subjects (service accounts need a namespace). */
export function validateClusterRoleBinding(obj: KubeObject, old?: KubeObject): FieldError[] {
  return validateBinding(obj, old, ['ClusterRole'], false);
}

import type { Container, PodSpec, PodTemplateSpec, Service } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { KubeObject } from './types.js';
import { type FieldError, required, invalid, notSupported } from './field-errors.js';
import { dns1123Label, dns1123Subdomain, dns1035Label } from './names.js';
import { fromLabelSelector } from './selectors.js';

/** NameRule says which name format a kind's objects must have. */
export type NameRule = 'subdomain' | 'label' | 'dns1035';

/** validateName checks metadata.name against the kind's rule. */
export function validateName(name: string, rule: NameRule, field = 'metadata.name'): FieldError[] {
  const check = rule === 'label' ? dns1123Label : rule === 'dns1035' ? dns1035Label : dns1123Subdomain;
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
): FieldError[] {
  const errs: FieldError[] = [];
  if (replicas != null && replicas < 0) errs.push(invalid('spec.replicas', replicas, 'must be greater than or equal to 0'));
  if (!selector) errs.push(required('spec.selector'));
  else if (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length)
    errs.push(invalid('spec.selector', selector, 'empty selector is invalid for deployment'));
  if (!template) {
    errs.push(required('spec.template'));
    return errs;
  }
  const labels = template.metadata?.labels ?? {};
  if (selector && !fromLabelSelector(selector).matches(labels))
    errs.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  errs.push(...validatePodSpec(template.spec, 'spec.template.spec'));
  const rp = template.spec?.restartPolicy;
  if (rp && rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
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

import type { ConfigMap, Secret, ServiceAccount, ResourceQuota, PodTemplate } from 'kubernetes-types/core/v1.js';
import { type Printer, col, nameColumn, ageColumn, sinceOf, formatLabels } from './table.js';
import { templateContainers } from './apps.js';

/** configMapPrinter prints config maps: NAME DATA AGE, DATA counting data and binaryData keys. */
export const configMapPrinter: Printer<ConfigMap> = {
  columns: [
    nameColumn,
    col('Data', "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."),
    ageColumn,
  ],
  cells: (cm, now) => [
    cm.metadata?.name ?? '',
    Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
    sinceOf(cm as never, now),
  ],
};

/** secretPrinter prints secrets: NAME TYPE DATA AGE. */
export const secretPrinter: Printer<Secret> = {
  columns: [
    nameColumn,
    col('Type', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
    col('Data', "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
    ageColumn,
  ],
  cells: (s, now) => [s.metadata?.name ?? '', s.type ?? '', Object.keys(s.data ?? {}).length, sinceOf(s as never, now)],
};

/** serviceAccountPrinter prints service accounts: NAME SECRETS AGE. */
export const serviceAccountPrinter: Printer<ServiceAccount> = {
  columns: [
    nameColumn,
    col('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret'),
    ageColumn,
  ],
  cells: (sa, now) => [sa.metadata?.name ?? '', (sa.secrets ?? []).length, sinceOf(sa as never, now)],
};

/**
 * resourceQuotaCells builds REQUEST and LIMIT as printResourceQuota does: every hard resource in name order,
 * `name: used/hard`, resources named `limits.*` in LIMIT and the rest in REQUEST.
 */
export function resourceQuotaCells(q: ResourceQuota): { request: string; limit: string } {
  const hard = q.status?.hard ?? {};
  const used = q.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const pieces = name.split('.');
    const w = pieces.length > 1 && pieces[0] === 'limits' ? limit : request;
    // A missing used quantity is Go's zero Quantity, which prints "0".
    w.push(`${name}: ${used[name] ?? '0'}/${hard[name]}`);
  }
  return { request: request.join(', '), limit: limit.join(', ') };
}

/** resourceQuotaPrinter prints resource quotas: NAME REQUEST LIMIT AGE, from status.hard and status.used. */
export const resourceQuotaPrinter: Printer<ResourceQuota> = {
  columns: [
    nameColumn,
    col('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    col('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    ageColumn,
  ],
  cells(q, now) {
    const { request, limit } = resourceQuotaCells(q);
    return [q.metadata?.name ?? '', request, limit, sinceOf(q as never, now)];
  },
};

/** podTemplatePrinter prints pod templates: NAME CONTAINERS IMAGES POD LABELS (no AGE, as printers.go has it). */
export const podTemplatePrinter: Printer<PodTemplate> = {
  columns: [
    nameColumn,
    col('Containers', 'Names of each container in the template.'),
    col('Images', 'Images referenced by each container in the template.'),
    col('Pod Labels', 'The labels for the pod template.'),
  ],
  cells(pt) {
    const { names, images } = templateContainers(pt.template);
    return [pt.metadata?.name ?? '', names, images, formatLabels(pt.template?.metadata?.labels)];
  },
};

/** A JSON object, as strategic merge patches see them. */
type JsonObject = { [k: string]: unknown };

/**
 * Lists that merge by a key under strategic merge patch (the `patchMergeKey` tags of the Kubernetes types), read
 * by the API server applying such patches and by the built-in kubectl computing them. `ports` merges by
 * containerPort inside containers and by port inside a Service spec: the items say which.
 */
export const MERGE_KEYS: Record<string, string | ((items: JsonObject[]) => string)> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  ports: (items) => (items.some((i) => 'containerPort' in i) ? 'containerPort' : 'port'),
};

/** Primitive lists whose strategy is merge (union) rather than replace (`metadata.finalizers`). */
export const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

/** mergeKeyOf names the key a list field merges by, given its items, or undefined for a list replaced whole. */
export function mergeKeyOf(field: string, items: JsonObject[]): string | undefined {
  const def = MERGE_KEYS[field];
  return typeof def === 'function' ? def(items) : def;
}

import { createHash } from 'node:crypto';
import { groupVersions, type KindInfo } from '../../api/kinds.js';
import {
  schemaForKind,
  schemasForAllKinds,
  metaSchema,
  modelSchema,
  reachableSchemas,
  type OpenApiSchema,
} from '../../api/schema/openapi-schemas.js';
import { sourceVersions } from '../../api/schema/model-source.js';

/**
 * OpenAPI v3 documents, one per group version, shaped like kube-apiserver's: for each kind, its operations with
 * `x-kubernetes-group-version-kind` and the `dryRun`, `fieldManager` and `fieldValidation` parameters on writes
 * (which tell kubectl and helm that the server validates fields itself), request and response bodies that
 * reference the kind's schema, and under `components.schemas` every schema those reach (for `kubectl explain`).
 * A document is built on its first request and kept; the index only hashes what the documents are built from,
 * so answering `/openapi/v3` builds nothing.
 */

/** Bump when the shape of the generated documents changes, so clients' cached copies are refetched. */
const DOCUMENT_FORMAT = 2;

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const PATCH = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
const refTo = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function queryParam(name: string, type: string, description: string) {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

const P = {
  dryRun: queryParam(
    'dryRun',
    'string',
    'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed',
  ),
  fieldManager: queryParam(
    'fieldManager',
    'string',
    'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.',
  ),
  fieldManagerPatch: queryParam(
    'fieldManager',
    'string',
    'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint. This field is required for apply requests (application/apply-patch) but optional for non-apply patch types (JsonPatch, MergePatch, StrategicMergePatch).',
  ),
  fieldValidation: queryParam(
    'fieldValidation',
    'string',
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.',
  ),
  force: queryParam(
    'force',
    'boolean',
    'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.',
  ),
  gracePeriodSeconds: queryParam(
    'gracePeriodSeconds',
    'integer',
    'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.',
  ),
  propagationPolicy: queryParam(
    'propagationPolicy',
    'string',
    "Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. The default policy is decided by the existing finalizer set in the metadata.finalizers and the resource-specific default policy. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground.",
  ),
  labelSelector: queryParam('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  fieldSelector: queryParam('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  limit: queryParam('limit', 'integer', 'limit is a maximum number of responses to return for a list call.'),
  continue: queryParam('continue', 'string', 'The continue option should be set when retrieving more results from the server.'),
  resourceVersion: queryParam('resourceVersion', 'string', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  watch: queryParam('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.'),
  pretty: queryParam('pretty', 'string', "If 'true', then the output is pretty printed."),
  name: (kind: string) => ({ name: 'name', in: 'path', description: `name of the ${kind}`, required: true, schema: { type: 'string', uniqueItems: true } }),
  namespace: {
    name: 'namespace',
    in: 'path',
    description: 'object name and auth scope, such as for teams and projects',
    required: true,
    schema: { type: 'string', uniqueItems: true },
  },
};

function content(schemaName: string, types: readonly string[]) {
  return Object.fromEntries(types.map((t) => [t, { schema: refTo(schemaName) }]));
}

const READ_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const LIST_TYPES = [...READ_TYPES, 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];
/**
 * The patch types the PATCH operations list. kube-apiserver also lists `application/strategic-merge-patch+json`;
 * when it is listed, `kubectl apply` computes its strategic merge patch from these schemas
 * (k8s.io/kubectl pkg/cmd/apply/patcher.go `gvkSupportsPatchOpenAPIV3`), and that needs the
 * `x-kubernetes-patch-strategy`/`x-kubernetes-patch-merge-key` extensions, which the model packages do not carry:
 * lists such as containers would be replaced wholesale. Leaving it out makes kubectl use its compiled-in types,
 * as it does against a real cluster's merge keys. The server accepts strategic merge patches all the same.
 */
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'];

function ok(schemaName: string | undefined, codes: string[], types = READ_TYPES) {
  const out: Record<string, unknown> = {};
  for (const c of codes) {
    const description = c === '201' ? 'Created' : c === '202' ? 'Accepted' : 'OK';
    out[c] = schemaName ? { description, content: content(schemaName, types) } : { description };
  }
  out['401'] = { description: 'Unauthorized' };
  return out;
}

/** Builds the paths of one kind and notes the schemas they reference. */
function kindPaths(k: KindInfo, roots: Set<string>): Record<string, unknown> {
  const gvk = { group: k.group, version: k.version, kind: k.kind };
  const kindRoots = schemaForKind(gvk, k.listKind);
  roots.add(kindRoots.kind);
  if (kindRoots.list) roots.add(kindRoots.list);
  const status = metaSchema('Status');
  const deleteOptions = metaSchema('DeleteOptions');
  for (const s of [status, deleteOptions]) if (s) roots.add(s);
  roots.add(PATCH);

  const gvId = (k.group ? k.group.split('.')[0]!.replace(/^./, (c) => c.toUpperCase()) : 'Core') + k.version.replace(/^./, (c) => c.toUpperCase());
  const scope = k.namespaced ? 'Namespaced' : '';
  const tag = `${k.group ? k.group.split('.')[0] : 'core'}_${k.version}`;
  // operationIds as kube-apiserver's: listAppsV1NamespacedDeployment, patchCoreV1Namespace, readAppsV1NamespacedDeploymentScale,
  // listAppsV1DeploymentForAllNamespaces
  const op = (verb: string, action: string, extra: { description: string } & Record<string, unknown>, opGvk = gvk, suffix = '', opScope = scope) => ({
    tags: [tag],
    ...extra,
    operationId: `${verb}${gvId}${opScope}${k.kind}${suffix}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': opGvk,
  });
  const verbs = new Set(k.verbs);
  const base = `/${gvPath(k.group, k.version)}${k.namespaced ? '/namespaces/{namespace}' : ''}/${k.resource}`;
  const scopeParams = k.namespaced ? [P.namespace, P.pretty] : [P.pretty];
  const writeParams = [P.dryRun, P.fieldManager, P.fieldValidation];
  const body = (name: string) => ({ content: { '*/*': { schema: refTo(name) } }, required: true });
  const patchBody = { content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema: refTo(PATCH) }])), required: true };
  const paths: Record<string, Record<string, unknown>> = {};

  const collection: Record<string, unknown> = {};
  if (verbs.has('list'))
    collection.get = op('list', 'list', {
      description: `list or watch objects of kind ${k.kind}`,
      parameters: [P.continue, P.fieldSelector, P.labelSelector, P.limit, P.resourceVersion, P.watch],
      responses: ok(kindRoots.list, ['200'], LIST_TYPES),
    });
  if (verbs.has('create'))
    collection.post = op('create', 'post', {
      description: `create a ${k.kind}`,
      parameters: writeParams,
      requestBody: body(kindRoots.kind),
      responses: ok(kindRoots.kind, ['200', '201', '202']),
    });
  if (verbs.has('deletecollection'))
    collection.delete = op('deletecollection', 'deletecollection', {
      description: `delete collection of ${k.kind}`,
      parameters: [P.dryRun, P.fieldSelector, P.gracePeriodSeconds, P.labelSelector, P.propagationPolicy],
      requestBody: deleteOptions ? { content: { '*/*': { schema: refTo(deleteOptions) } } } : undefined,
      responses: ok(status, ['200']),
    });
  if (Object.keys(collection).length) paths[base] = { ...collection, parameters: scopeParams };

  const item: Record<string, unknown> = {};
  if (verbs.has('get'))
    item.get = op('read', 'get', { description: `read the specified ${k.kind}`, responses: ok(kindRoots.kind, ['200']) });
  if (verbs.has('update'))
    item.put = op('replace', 'put', {
      description: `replace the specified ${k.kind}`,
      parameters: writeParams,
      requestBody: body(kindRoots.kind),
      responses: ok(kindRoots.kind, ['200', '201']),
    });
  if (verbs.has('delete'))
    item.delete = op('delete', 'delete', {
      description: `delete a ${k.kind}`,
      parameters: [P.dryRun, P.gracePeriodSeconds, P.propagationPolicy],
      requestBody: deleteOptions ? { content: { '*/*': { schema: refTo(deleteOptions) } } } : undefined,
      responses: ok(status, ['200', '202']),
    });
  if (verbs.has('patch'))
    item.patch = op('patch', 'patch', {
      description: `partially update the specified ${k.kind}`,
      parameters: [P.dryRun, P.fieldManagerPatch, P.fieldValidation, P.force],
      requestBody: patchBody,
      responses: ok(kindRoots.kind, ['200', '201']),
    });
  if (Object.keys(item).length) paths[`${base}/{name}`] = { ...item, parameters: [P.name(k.kind), ...scopeParams] };

  if (k.namespaced && verbs.has('list'))
    paths[`/${gvPath(k.group, k.version)}/${k.resource}`] = {
      get: op('list', 'list', {
        description: `list or watch objects of kind ${k.kind}`,
        parameters: [P.continue, P.fieldSelector, P.labelSelector, P.limit, P.resourceVersion, P.watch],
        responses: ok(kindRoots.list, ['200'], LIST_TYPES),
      }, gvk, 'ForAllNamespaces', ''),
      parameters: [P.pretty],
    };

  for (const sub of k.subresources) {
    if (sub.name !== 'status' && sub.name !== 'scale') continue;
    const subGvk = sub.responseKind;
    const subSchema = sub.name === 'scale' ? modelSchema('V1Scale', subGvk.group, subGvk.version) : kindRoots.kind;
    if (!subSchema) continue;
    roots.add(subSchema);
    const suffix = sub.name === 'status' ? 'Status' : 'Scale';
    const subOps: Record<string, unknown> = {};
    if (sub.verbs.includes('get'))
      subOps.get = op('read', 'get', { description: `read ${sub.name} of the specified ${k.kind}`, responses: ok(subSchema, ['200']) }, subGvk, suffix);
    if (sub.verbs.includes('update'))
      subOps.put = op('replace', 'put', {
        description: `replace ${sub.name} of the specified ${k.kind}`,
        parameters: writeParams,
        requestBody: body(subSchema),
        responses: ok(subSchema, ['200', '201']),
      }, subGvk, suffix);
    if (sub.verbs.includes('patch'))
      subOps.patch = op('patch', 'patch', {
        description: `partially update ${sub.name} of the specified ${k.kind}`,
        parameters: [P.dryRun, P.fieldManagerPatch, P.fieldValidation, P.force],
        requestBody: patchBody,
        responses: ok(subSchema, ['200', '201']),
      }, subGvk, suffix);
    paths[`${base}/{name}/${sub.name}`] = { ...subOps, parameters: [P.name(subGvk.kind), ...scopeParams] };
  }
  return paths;
}

const PATCH_SCHEMA: OpenApiSchema = {
  description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
  type: 'object',
};

function buildDocument(kinds: readonly KindInfo[]): string {
  schemasForAllKinds();
  const roots = new Set<string>();
  const paths: Record<string, unknown> = {};
  for (const k of kinds) Object.assign(paths, kindPaths(k, roots));
  roots.delete(PATCH);
  const schemas: Record<string, OpenApiSchema> = { ...reachableSchemas(roots), [PATCH]: PATCH_SCHEMA };
  const sorted: Record<string, OpenApiSchema> = {};
  for (const name of Object.keys(schemas).sort()) sorted[name] = schemas[name]!;
  return JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.35.1' },
    paths,
    components: { schemas: sorted },
  });
}

interface Entry {
  kinds: KindInfo[];
  hash: string;
  text?: string;
}

let entries: Map<string, Entry> | undefined;
let entriesFor: readonly unknown[] | undefined;

/** The group versions served now; rebuilt only when the registry's set of kinds changes. */
function documentEntries(): Map<string, Entry> {
  const gvs = groupVersions();
  const kinds = gvs.flatMap((g) => g.kinds);
  if (entries && entriesFor && entriesFor.length === kinds.length && kinds.every((k, i) => entriesFor![i] === k)) return entries;
  const next = new Map<string, Entry>();
  for (const gv of gvs) {
    const p = gvPath(gv.group, gv.version);
    // The document is a pure function of these inputs and of the installed model packages, so their hash
    // versions it as well as the text's would, without building the text.
    const inputs = JSON.stringify({
      format: DOCUMENT_FORMAT,
      sources: sourceVersions(),
      kinds: gv.kinds.map((k) => [k.kind, k.listKind, k.resource, k.namespaced, k.verbs, k.subresources]),
    });
    const hash = createHash('sha512').update(inputs).digest('hex').slice(0, 128).toUpperCase();
    next.set(p, { kinds: gv.kinds, hash, text: entries?.get(p)?.hash === hash ? entries.get(p)?.text : undefined });
  }
  entries = next;
  entriesFor = kinds;
  return next;
}

/** openapiIndex answers `/openapi/v3`: each group version's document and the hash that versions it. */
export function openapiIndex(): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [p, e] of documentEntries()) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${e.hash}` };
  return { paths };
}

/** openapiDocument answers `/openapi/v3/<group version path>` (undefined when unknown); built once, then cached. */
export function openapiDocument(gvPathName: string): string | undefined {
  const e = documentEntries().get(gvPathName.replace(/^\/+|\/+$/g, ''));
  if (!e) return undefined;
  e.text ??= buildDocument(e.kinds);
  return e.text;
}

import { createHash } from 'node:crypto';
import { groupVersions, type KindInfo } from '../../api/kinds.js';

/**
 * OpenAPI v3 documents, one per group version. For now they carry, for each kind, the operations with their
 * `x-kubernetes-group-version-kind` and the `fieldValidation` parameter: that is what tells kubectl
 * (`create -f`, `apply -f`, `edit`) and helm that the server validates fields itself. Full schemas (for
 * `kubectl explain` and strict unknown-field checks) are still to come.
 */
function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const fieldValidation = {
  name: 'fieldValidation',
  in: 'query',
  description:
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict',
  schema: { type: 'string', uniqueItems: true },
};

function operations(k: KindInfo) {
  const gvk = { group: k.group, version: k.version, kind: k.kind };
  const op = (verb: string, action: string) => ({
    operationId: `${verb}${k.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    parameters: action === 'get' || action === 'list' || action === 'delete' ? [] : [fieldValidation],
    responses: { '200': { description: 'OK' } },
  });
  const base = `/${gvPath(k.group, k.version)}${k.namespaced ? '/namespaces/{namespace}' : ''}/${k.resource}`;
  return {
    [base]: { get: op('list', 'list'), post: op('create', 'post') },
    [`${base}/{name}`]: { get: op('read', 'get'), put: op('replace', 'put'), patch: op('patch', 'patch'), delete: op('delete', 'delete') },
  };
}

const documents = new Map<string, string>();
for (const gv of groupVersions()) {
  const paths = Object.assign({}, ...gv.kinds.map(operations));
  const doc = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.35.1' },
    paths,
    components: { schemas: {} },
  };
  documents.set(gvPath(gv.group, gv.version), JSON.stringify(doc));
}

/** openapiIndex answers `/openapi/v3`: each group version's document and the hash that versions it. */
export function openapiIndex() {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [p, text] of documents) {
    const hash = createHash('sha512').update(text).digest('hex').slice(0, 128).toUpperCase();
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  return { paths };
}

/** openapiDocument answers `/openapi/v3/<group version path>` (undefined when unknown). */
export function openapiDocument(gvPathName: string): string | undefined {
  return documents.get(gvPathName);
}

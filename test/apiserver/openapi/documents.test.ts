import { describe, it, expect } from 'vitest';
import { openapiIndex, openapiDocument } from '../../../src/apiserver/http/openapi.js';
import { KINDS, groupVersions } from '../../../src/api/kinds.js';

interface Op {
  operationId: string;
  'x-kubernetes-action': string;
  'x-kubernetes-group-version-kind': { group: string; version: string; kind: string };
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Op>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

const gvPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);

describe('OpenAPI v3 documents', () => {
  it('builds a document on its first request (timings)', () => {
    let t0 = performance.now();
    const index = openapiIndex();
    const indexMs = performance.now() - t0;
    const times: string[] = [];
    for (const p of Object.keys(index.paths)) {
      t0 = performance.now();
      const text = openapiDocument(p)!;
      times.push(`${p} ${(performance.now() - t0).toFixed(0)} ms ${(text.length / 1024).toFixed(0)} KiB`);
    }
    console.log(`index ${indexMs.toFixed(1)} ms; first builds: ${times.join(', ')}`);
  });

  it('the index lists every group version with a stable hash', () => {
    const a = openapiIndex();
    expect(Object.keys(a.paths)).toEqual(groupVersions().map((g) => gvPath(g.group, g.version)));
    for (const [p, e] of Object.entries(a.paths)) expect(e.serverRelativeURL).toMatch(new RegExp(`^/openapi/v3/${p}\\?hash=[0-9A-F]{128}$`));
    openapiDocument('apis/apps/v1');
    expect(openapiIndex()).toEqual(a);
  });

  it('every kind has GVK-tagged operations; writes carry dryRun, fieldManager and fieldValidation', () => {
    for (const k of KINDS) {
      const text = openapiDocument(gvPath(k.group, k.version));
      expect(text, `${k.group}/${k.version}`).toBeDefined();
      const doc = JSON.parse(text!) as Doc;
      const base = `/${gvPath(k.group, k.version)}${k.namespaced ? '/namespaces/{namespace}' : ''}/${k.resource}`;
      const gvk = { group: k.group, version: k.version, kind: k.kind };
      const item = doc.paths[`${base}/{name}`]!;
      const patch = item.patch!;
      expect(patch['x-kubernetes-group-version-kind'], k.kind).toEqual(gvk);
      expect(patch['x-kubernetes-action']).toBe('patch');
      expect(patch.parameters!.map((p) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation', 'force']);
      // no strategic-merge-patch+json: kubectl apply then builds its patch from its compiled-in types (see openapi.ts)
      expect(Object.keys(patch.requestBody!.content)).toEqual(['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json']);
      const kindRef = `#/components/schemas/${k.group ? `io.k8s.api.${k.group.split('.')[0]}` : 'io.k8s.api.core'}.${k.version}.${k.kind}`;
      expect(patch.responses['200']!.content!['application/json']!.schema.$ref).toBe(kindRef);
      for (const verb of ['put'] as const) {
        expect(item[verb]!.parameters!.map((p) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation']);
        expect(item[verb]!.requestBody!.content['*/*']!.schema.$ref).toBe(kindRef);
      }
      const post = doc.paths[base]!.post!;
      expect(post['x-kubernetes-group-version-kind']).toEqual(gvk);
      expect(post.parameters!.map((p) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation']);
      expect(post.requestBody!.content['*/*']!.schema.$ref).toBe(kindRef);
      expect(doc.paths[base]!.get!['x-kubernetes-action']).toBe('list');
      const schema = doc.components.schemas[kindRef.slice('#/components/schemas/'.length)]!;
      expect(schema['x-kubernetes-group-version-kind']).toEqual([{ group: k.group, kind: k.kind, version: k.version }]);
    }
  });

  it('every $ref resolves inside its own document', () => {
    for (const g of groupVersions()) {
      const text = openapiDocument(gvPath(g.group, g.version))!;
      const doc = JSON.parse(text) as Doc;
      const refs = new Set(text.match(/#\/components\/schemas\/[^"]+/g));
      for (const r of refs) expect(doc.components.schemas[r.slice('#/components/schemas/'.length)], r).toBeDefined();
    }
  });

  it('subresources: status with the kind, scale with autoscaling/v1 Scale', () => {
    const doc = JSON.parse(openapiDocument('apis/apps/v1')!) as Doc;
    const scale = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']!;
    expect(scale.patch!['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    expect(doc.components.schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
    const status = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status']!;
    expect(status.put!['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(doc.paths['/apis/apps/v1/deployments']!.get!.operationId).toBe('listAppsV1DeploymentForAllNamespaces');
    expect(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!.patch!.operationId).toBe('patchAppsV1NamespacedDeployment');
  });

  it('documents are built once and answered from the cache', () => {
    const a = openapiDocument('api/v1');
    expect(openapiDocument('api/v1')).toBe(a);
    expect(openapiDocument('apis/nope/v1')).toBeUndefined();
  });
});

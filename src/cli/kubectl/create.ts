import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { kindFor, type KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import { resourcePath } from '../../client/http-client.js';
import { ApiError } from '../../api/api-error.js';
import type { Command, Ctx } from './command.js';
import { UsageError, type FlagTable } from './flags.js';
import { readManifests, type Manifest } from './manifest.js';
import { dryRunOf, report, reportOutputSupported, writeQuery } from './print-result.js';
import { errorLine } from './errors.js';
import { kindOf } from './targets.js';
import { COMMON, generated, meta, nameArg, requiredFlags, withLastApplied } from './create-kit.js';
import { cronJobCmd, jobCmd } from './create-job.js';
import { ingressCmd } from './create-ingress.js';
import { pdbCmd } from './create-pdb.js';
import { secretDockerRegistryCmd, secretTlsCmd } from './create-secret-kinds.js';

export { LAST_APPLIED, withLastApplied } from './create-kit.js';

/**
 * mappingError is kubectl's words for an object whose apiVersion and kind the server does not serve.
 */
export function mappingError(m: Manifest, namespace: string): Error {
  const o = m.object;
  const apiVersion = o.apiVersion ?? '';
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return new Error(
    `resource mapping not found for name: "${o.metadata?.name ?? ''}" namespace: "${o.metadata?.namespace ?? namespace}" from "${m.source}": no matches for kind "${o.kind}" in version "${group ? `${group}/${version}` : version}"\nensure CRDs are installed first`,
  );
}

/**
 * placeIn puts a manifest's object in the namespace kubectl sends it to: its own, else the command's; -n naming
 * another is refused as kubectl refuses it. Cluster-scoped kinds keep no namespace.
 */
export function placeIn(kind: KindInfo, obj: KubeObject, namespace: string, explicit: boolean): string | undefined {
  if (!kind.namespaced) return undefined;
  const own = obj.metadata?.namespace;
  if (own && explicit && own !== namespace)
    throw new Error(`the namespace from the provided object "${own}" does not match the namespace "${namespace}". You must pass '--namespace=${own}' to perform this operation.`);
  return own || namespace;
}

/** `kubectl create -f`: POST each object of the manifests, reporting each, going on after a failure. */
async function createFromFiles(ctx: Ctx): Promise<number | undefined> {
  if (ctx.args.length) return undefined;
  const dryRun = dryRunOf(ctx);
  if (dryRun instanceof Error) throw dryRun;
  const conn = await ctx.connect();
  const manifests = await readManifests(ctx.flags.list('--filename'), ctx.io, ctx.flags.bool('--recursive'));
  if (!manifests.length) throw new Error('no objects passed to create');
  let failed = false;
  for (const m of manifests) {
    const kind = kindFor(m.object.apiVersion ?? '', m.object.kind ?? '');
    try {
      if (!kind) throw mappingError(m, conn.namespace);
      const ns = placeIn(kind, m.object, conn.namespace, conn.explicitNamespace);
      // kubectl's builder writes the namespace into the object it sends (and prints, with --dry-run=client).
      let obj: KubeObject = ns ? { ...m.object, metadata: { ...m.object.metadata, namespace: ns } } : m.object;
      if (ctx.flags.bool('--save-config')) obj = withLastApplied(obj);
      if (dryRun !== 'client') {
        try {
          obj = await conn.client.request<KubeObject>('POST', resourcePath(kind, ns) + writeQuery(ctx.flags.str('--field-manager') ?? 'kubectl-create', dryRun), obj);
        } catch (err) {
          if (err instanceof ApiError && err.status.reason) throw new ApiError({ ...err.status, message: `error when creating "${m.source}": ${err.status.message}` });
          throw err;
        }
      }
      report(ctx, kind, obj, 'created', dryRun);
    } catch (err) {
      ctx.io.err(`${errorLine(err)}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

/** containerName is kubectl's name for a container from its image: the last path element, no tag or digest. */
function containerName(image: string): string {
  const name = image.split('/').pop()!.split(':')[0]!.split('@')[0]!;
  // kubectl adds a random suffix when it had to replace . or _ (not reproducible byte for byte): not built in.
  return name;
}

const deploymentCmd: Command = {
  flags: { ...COMMON, '--image': ['list'], '--port': ['value'], '--replicas': ['value', '-r'] },
  async run(ctx) {
    // cobra checks the required --image before the command reads its NAME.
    requiredFlags(ctx, ['image']);
    const name = nameArg(ctx, 'deployment');
    const images = ctx.flags.list('--image').flatMap((i) => i.split(','));
    if (images.some((i) => /[._]/.test(containerName(i)))) return undefined;
    const command = ctx.afterDash;
    if (images.length > 1 && command?.length) throw new Error('cannot specify multiple --image options and command');
    const replicas = Number(ctx.flags.str('--replicas') ?? 1);
    const port = ctx.flags.str('--port');
    const labels = { app: name };
    return generated(ctx, 'failed to create deployment: ', kindOf('deployments.apps'), (ns) => ({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: meta(name, ns, labels),
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: images.map((image, i) => ({
              name: containerName(image),
              image,
              ...(command?.length ? { command } : {}),
              ...(port !== undefined && i === 0 ? { ports: [{ containerPort: Number(port) }] } : {}),
              resources: {},
            })),
          },
        },
        strategy: {},
      },
      status: {},
    }));
  },
};

const namespaceCmd: Command = {
  flags: COMMON,
  async run(ctx) {
    const name = nameArg(ctx, 'namespace');
    return generated(ctx, undefined, kindOf('namespaces'), () => ({ kind: 'Namespace', apiVersion: 'v1', metadata: { name }, spec: {}, status: {} }) as KubeObject);
  },
};

const serviceAccountCmd: Command = {
  flags: COMMON,
  async run(ctx) {
    const name = nameArg(ctx, 'serviceaccount');
    return generated(ctx, 'failed to create serviceaccount: ', kindOf('serviceaccounts'), (ns) => ({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta(name, ns) }));
  },
};

/**
 * dataFrom reads --from-literal KEY=VALUE, --from-file [KEY=]PATH (a directory: each regular file) and
 * --from-env-file, as kubectl's configmap and secret generators do, refusing a key given twice.
 */
function dataFrom(ctx: Ctx, what: string, name: string): Map<string, Buffer> {
  const data = new Map<string, Buffer>();
  const add = (key: string, value: Buffer) => {
    if (data.has(key)) throw new Error(`cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ${what} ${JSON.stringify(name)}`);
    data.set(key, value);
  };
  for (const lit of ctx.flags.list('--from-literal')) {
    const eq = lit.indexOf('=');
    if (eq <= 0) throw new Error(`invalid literal source ${lit}, expected key=value`);
    add(lit.slice(0, eq), Buffer.from(lit.slice(eq + 1)));
  }
  for (const src of ctx.flags.list('--from-file')) {
    const eq = src.indexOf('=');
    const [key, file] = eq > 0 ? [src.slice(0, eq), src.slice(eq + 1)] : [undefined, src];
    if (statSync(file).isDirectory()) {
      if (key) throw new Error('cannot give a key name for a directory path');
      for (const f of readdirSync(file).sort()) if (statSync(path.join(file, f)).isFile()) add(f, readFileSync(path.join(file, f)));
    } else add(key ?? path.basename(file), readFileSync(file));
  }
  for (const file of ctx.flags.list('--from-env-file'))
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const l = line.replace(/^\s+/, '');
      if (!l || l.startsWith('#')) continue;
      const eq = l.indexOf('=');
      if (eq < 0) add(l, Buffer.from(process.env[l] ?? ''));
      else add(l.slice(0, eq), Buffer.from(l.slice(eq + 1)));
    }
  return data;
}

const DATA_FLAGS: FlagTable = { ...COMMON, '--from-literal': ['list'], '--from-file': ['list'], '--from-env-file': ['list'] };

const configMapCmd: Command = {
  flags: DATA_FLAGS,
  async run(ctx) {
    const name = nameArg(ctx, 'configmap');
    const data = dataFrom(ctx, 'ConfigMap', name);
    const text: Record<string, string> = {};
    const binary: Record<string, string> = {};
    for (const [k, v] of [...data].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const s = v.toString('utf8');
      if (Buffer.from(s, 'utf8').equals(v)) text[k] = s;
      else binary[k] = v.toString('base64');
    }
    return generated(ctx, 'failed to create configmap: ', kindOf('configmaps'), (ns) => ({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: meta(name, ns),
      ...(Object.keys(text).length ? { data: text } : {}),
      ...(Object.keys(binary).length ? { binaryData: binary } : {}),
    }));
  },
};

const secretGenericCmd: Command = {
  flags: { ...DATA_FLAGS, '--type': ['value'] },
  async run(ctx) {
    const name = nameArg(ctx, 'secret generic');
    const data = dataFrom(ctx, 'Secret', name);
    const type = ctx.flags.str('--type');
    return generated(ctx, 'failed to create secret ', kindOf('secrets'), (ns) => ({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: meta(name, ns),
      ...(data.size ? { data: Object.fromEntries([...data].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v.toString('base64')])) } : {}),
      ...(type ? { type } : {}),
    }));
  },
};

/** serviceCmd builds `kubectl create service TYPE NAME --tcp=PORT[:TARGET]`: selector and label app=NAME. */
function serviceCmd(type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'): Command {
  const flags: FlagTable = { ...COMMON, '--tcp': ['list'] };
  if (type === 'ClusterIP') flags['--clusterip'] = ['value'];
  if (type === 'NodePort') flags['--node-port'] = ['value'];
  if (type === 'ExternalName') flags['--external-name'] = ['value'];
  const sub = type.toLowerCase();
  return {
    flags,
    async run(ctx) {
      const name = nameArg(ctx, `service ${sub}`);
      const specs = ctx.flags.list('--tcp').flatMap((t) => t.split(','));
      if (type !== 'ExternalName' && !specs.length && ctx.flags.str('--clusterip') !== 'None') throw new Error('at least one tcp port specifier must be provided');
      if (type === 'ExternalName' && !ctx.flags.str('--external-name')) throw new UsageError('required flag(s) "external-name" not set');
      const nodePort = ctx.flags.str('--node-port');
      const ports = specs.map((s) => {
        const [port, target = port] = s.split(':') as [string, string?];
        const t = /^\d+$/.test(target!) ? Number(target) : target;
        return {
          name: s.includes(':') ? `${port}-${target}` : port,
          protocol: 'TCP',
          port: Number(port),
          targetPort: t,
          ...(nodePort !== undefined ? { nodePort: Number(nodePort) } : {}),
        };
      });
      const clusterIP = ctx.flags.str('--clusterip');
      return generated(ctx, `failed to create ${type} service: `, kindOf('services'), (ns) => ({
        kind: 'Service',
        apiVersion: 'v1',
        metadata: meta(name, ns, { app: name }),
        spec: {
          ...(ports.length ? { ports } : {}),
          selector: { app: name },
          ...(clusterIP ? { clusterIP } : {}),
          type,
          ...(type === 'ExternalName' ? { externalName: ctx.flags.str('--external-name') } : {}),
        },
        status: { loadBalancer: {} },
      }) as KubeObject);
    },
  };
}

const service: Command = {
  flags: {},
  sub: { clusterip: serviceCmd('ClusterIP'), nodeport: serviceCmd('NodePort'), loadbalancer: serviceCmd('LoadBalancer'), externalname: serviceCmd('ExternalName') },
};

/** createCommand is `kubectl create -f` and the `create KIND NAME` generators learners use. */
export const createCommand: Command = {
  flags: { ...COMMON, '--filename': ['list', '-f'], '--recursive': ['bool', '-R'] },
  sub: {
    deployment: deploymentCmd,
    deploy: deploymentCmd,
    namespace: namespaceCmd,
    ns: namespaceCmd,
    configmap: configMapCmd,
    cm: configMapCmd,
    secret: { flags: {}, sub: { generic: secretGenericCmd, tls: secretTlsCmd, 'docker-registry': secretDockerRegistryCmd } },
    service,
    svc: service,
    serviceaccount: serviceAccountCmd,
    sa: serviceAccountCmd,
    job: jobCmd,
    cronjob: cronJobCmd,
    cj: cronJobCmd,
    ingress: ingressCmd,
    ing: ingressCmd,
    poddisruptionbudget: pdbCmd,
    pdb: pdbCmd,
  },
  async run(ctx) {
    if (!ctx.flags.has('--filename')) return undefined;
    const output = ctx.flags.str('--output');
    if (!reportOutputSupported(output)) return undefined;
    return createFromFiles(ctx);
  },
};

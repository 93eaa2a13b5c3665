import type { KubeObject } from '../../api/types.js';
import { resourcePath } from '../../client/http-client.js';
import type { Command } from './command.js';
import { DRY_RUN_FLAG, UsageError } from './flags.js';
import { dryRunOf, report, writeQuery } from './print-result.js';
import { kindOf } from './targets.js';
import { toYAML } from './yaml.js';
import { parseLabels } from './generate.js';
import { goJSON, sortKeys } from './go-json.js';

/**
 * The grammar of an image reference (the distribution reference's ReferenceRegexp): an optional registry host,
 * lowercase path components, an optional tag and an optional digest.
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}))?$`);

/** usageError is cmdutil.UsageErrorf: the message and the `See 'kubectl run -h'` hint. */
const usageError = (msg: string) => new UsageError(`${msg}\nSee 'kubectl run -h' for help and examples`);

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * runCommand is `kubectl run NAME --image=IMAGE`: the pod generator's Pod (label run=NAME unless --labels, one
 * container named NAME), created under the field manager kubectl-run, or printed for --dry-run=client. Attaching
 * (-i, --attach, --rm) and --expose are not built in.
 */
export const runCommand: Command = {
  flags: {
    '--image': ['value'],
    '--port': ['value'],
    '--env': ['list'],
    '--labels': ['value', '-l'],
    '--annotations': ['list'],
    '--restart': ['value'],
    '--command': ['bool'],
    '--image-pull-policy': ['value'],
    '--privileged': ['bool'],
    '--rm': ['bool'],
    '--stdin': ['bool', '-i'],
    '--tty': ['bool', '-t'],
    '--attach': ['bool'],
    '--dry-run': DRY_RUN_FLAG,
    '--output': ['value', '-o'],
    '--field-manager': ['value'],
  },
  async run(ctx) {
    const f = ctx.flags;
    const output = f.str('--output');
    const dryRun = dryRunOf(ctx);
    if (output !== undefined && output !== 'name' && !(dryRun === 'client' && (output === 'yaml' || output === 'json'))) return undefined;
    // cobra's required-flag check comes before the command runs.
    if (!f.has('--image')) throw new UsageError('required flag(s) "image" not set');
    if (dryRun instanceof Error) throw dryRun;
    const [name, ...rest] = ctx.args;
    if (name === undefined) throw usageError('NAME is required for run');
    const image = f.str('--image')!;
    if (!image) throw new Error('--image is required');
    if (!REFERENCE.test(image)) throw new Error(`Invalid image name ${JSON.stringify(image)}: invalid reference format`);
    const stdin = f.bool('--stdin');
    if (f.bool('--tty') && !stdin) throw usageError('-i/--stdin is required for containers with -t/--tty=true');
    const restart = f.str('--restart') ?? 'Always';
    if (!['Always', 'OnFailure', 'Never', ''].includes(restart)) throw usageError(`invalid restart policy: ${restart}`);
    const attach = f.has('--attach') ? f.bool('--attach') : stdin;
    if (!attach && f.bool('--rm')) throw usageError('--rm should only be used for attached containers');
    if (attach && dryRun !== 'none') throw usageError('--dry-run=[server|client] can\'t be used with attached containers options (--attach, --stdin, or --tty)');
    const pullPolicy = f.str('--image-pull-policy') ?? '';
    if (!['Always', 'IfNotPresent', 'Never', ''].includes(pullPolicy)) throw usageError(`invalid image pull policy: ${pullPolicy}`);
    // Attaching streams the container's terminal: left to kubectl.
    if (attach || stdin) return undefined;

    // The generator (BasicPod) reads its parameters in this order, so its first complaint is kubectl's.
    const args = [...rest, ...(ctx.afterDash ?? [])];
    const env = f.list('--env').map((e) => {
      const pos = e.indexOf('=');
      const key = pos < 0 ? '' : e.slice(0, pos);
      if (!key || !ENV_NAME.test(key)) throw new Error(`invalid env: ${e}`);
      return { name: key, value: e.slice(pos + 1) };
    });
    const annotations: Record<string, string> = {};
    const badAnnotations: string[] = [];
    for (const a of f.list('--annotations')) {
      const eq = a.indexOf('=');
      if (eq > 0) annotations[a.slice(0, eq)] = a.slice(eq + 1);
      else badAnnotations.push(a);
    }
    if (badAnnotations.length) throw new Error(`invalid annotations format: ${badAnnotations.join(', ')}`);
    const labelSpec = f.str('--labels');
    const labels = labelSpec ? parseLabels(labelSpec) : { run: name };
    const port = f.str('--port');
    if (port && !/^[+-]?\d+$/.test(port)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`);

    const conn = await ctx.connect();
    const kind = kindOf('pods');
    // A typed v1.Pod: its JSON keeps the Go struct's field order (YAML sorts it anyway).
    const container: Record<string, unknown> = { name, image };
    if (args.length) container[f.bool('--command') ? 'command' : 'args'] = args;
    if (port) container.ports = [{ containerPort: Number(port) }];
    if (env.length) container.env = env;
    container.resources = {};
    if (pullPolicy) container.imagePullPolicy = pullPolicy;
    if (f.bool('--privileged')) container.securityContext = { privileged: true };
    const explicitNs = dryRun === 'client' && conn.explicitNamespace;
    let pod: KubeObject = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        name,
        ...(explicitNs ? { namespace: conn.namespace } : {}),
        labels: sortKeys(labels),
        ...(Object.keys(annotations).length ? { annotations: sortKeys(annotations) } : {}),
      },
      spec: { containers: [container], restartPolicy: restart || 'Always', dnsPolicy: 'ClusterFirst' },
      status: {},
    } as KubeObject;
    if (dryRun === 'client' && output === 'json') {
      ctx.io.out(`${goJSON(pod, { sort: false })}\n`);
      return 0;
    }
    if (dryRun === 'client' && output === 'yaml') {
      ctx.io.out(toYAML(pod));
      return 0;
    }
    if (dryRun !== 'client') pod = await conn.client.request<KubeObject>('POST', resourcePath(kind, conn.namespace) + writeQuery(f.str('--field-manager') ?? 'kubectl-run', dryRun, undefined), pod);
    report(ctx, kind, pod, 'created', dryRun);
    return 0;
  },
};

import type { KindInfo } from '../../api/kinds.js';
import type { KubeObject } from '../../api/types.js';
import { resourcePath } from '../../client/http-client.js';
import type { Command } from './command.js';
import { dryRunOf, dryRunSuffix, writeQuery } from './print-result.js';
import { objectRef, parseTargets, splitResourcesAndPairs } from './targets.js';
import { fetchInfos, reportErrors, split } from './workloads.js';
import { DRY_RUN_FLAG } from './flags.js';

type Obj = Record<string, unknown>;
interface Container {
  name: string;
  image?: string;
}

/** Where each kind keeps its pod spec (kubectl's UpdatePodSpecForObject); other kinds are not built in. */
const POD_SPEC_PATH: Record<string, string[]> = {
  '/Pod': ['spec'],
  '/ReplicationController': ['spec', 'template', 'spec'],
  'apps/Deployment': ['spec', 'template', 'spec'],
  'apps/DaemonSet': ['spec', 'template', 'spec'],
  'apps/ReplicaSet': ['spec', 'template', 'spec'],
  'apps/StatefulSet': ['spec', 'template', 'spec'],
  'batch/Job': ['spec', 'template', 'spec'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};
const pathOf = (k: KindInfo) => POD_SPEC_PATH[`${k.group}/${k.kind}`];

/**
 * splitPairs is kubectl's GetResourcesAndPairs + ParsePairs for images: resources first, then `NAME=IMAGE`
 * words; a resource after a pair, or a pair kubectl cannot read (`NAME-`), is refused with its words.
 */
function splitPairs(args: string[]): { resources: string[]; images: Map<string, string> } {
  const { resources, pairs } = splitResourcesAndPairs(args, 'image');
  const images = new Map<string, string>();
  const invalid = pairs.filter((p) => !(p.includes('=') && !p.startsWith('=')));
  if (invalid.length) throw new Error(`invalid image format: ${invalid.join(', ')}`);
  for (const p of pairs) {
    const i = p.indexOf('=');
    images.set(p.slice(0, i), p.slice(i + 1));
  }
  return { resources, images };
}

/**
 * imagePatch sets the images in a pod spec and answers the strategic merge patch CreateTwoWayMergePatch makes of
 * it (`$setElementOrder/containers` with every name, then the changed containers' image and name), or undefined
 * when nothing changed; names matching no container become kubectl's errors.
 */
function imagePatch(podSpec: Obj, images: Map<string, string>, errors: unknown[]): Obj | undefined {
  const lists = { containers: structuredClone((podSpec.containers ?? []) as Container[]), initContainers: structuredClone((podSpec.initContainers ?? []) as Container[]) };
  for (const [name, image] of images) {
    let found = false;
    for (const list of [lists.initContainers, lists.containers])
      for (const c of list)
        if (name === '*' || c.name === name) {
          c.image = image;
          found = true;
        }
    if (!found) errors.push(new Error(`error: unable to find container named ${JSON.stringify(name)}`));
  }
  const order: Obj = {};
  const changed: Obj = {};
  for (const field of ['containers', 'initContainers'] as const) {
    const before = (podSpec[field] ?? []) as Container[];
    const diff = lists[field].filter((c, i) => c.image !== before[i]?.image).map((c) => ({ image: c.image, name: c.name }));
    if (!diff.length) continue;
    order[`$setElementOrder/${field}`] = lists[field].map((c) => ({ name: c.name }));
    changed[field] = diff;
  }
  return Object.keys(changed).length ? { ...order, ...changed } : undefined;
}

const imageCommand: Command = {
  flags: { '--selector': ['value', '-l'], '--all': ['bool'], '--dry-run': DRY_RUN_FLAG, '--field-manager': ['value'], '--output': ['value', '-o'] },
  async run(ctx) {
    const output = ctx.flags.str('--output');
    if (output !== undefined && output !== 'name') return undefined;
    const { resources, images } = splitPairs(ctx.args);
    try {
      if (!parseTargets(resources).every((t) => pathOf(t.kind))) return undefined;
    } catch {
      // the builder's refusal, worded below as kubectl words it
    }
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    const conn = await ctx.connect();
    const selector = ctx.flags.str('--selector');
    const fetched = await fetchInfos(conn.client, conn.namespace, resources, { selector, all: ctx.flags.bool('--all'), allowEmpty: false });
    // The builder's Infos() ends the command at its first failure, before anything is changed.
    const { infos, errors: fetchErrors } = split(fetched);
    if (fetchErrors.length) return reportErrors(ctx.io, fetchErrors);
    const invalid: Error[] = [];
    if (ctx.flags.bool('--all') && selector !== undefined) invalid.push(new Error('cannot set --all and --selector at the same time'));
    if (!resources.length) invalid.push(new Error('one or more resources must be specified as <resource> <name> or <resource>/<name>'));
    if (!images.size) invalid.push(new Error('at least one image update is required'));
    else if (images.size > 1 && images.has('*')) invalid.push(new Error('all containers are already specified by *, but saw more than one container_name=container_image pairs'));
    if (invalid.length) return reportErrors(ctx.io, invalid);

    const errors: unknown[] = [];
    const patches = infos.map((info) => {
      const path = pathOf(info.kind)!;
      let podSpec: unknown = info.object;
      for (const p of path) podSpec = (podSpec as Obj | undefined)?.[p];
      const inner = imagePatch((podSpec ?? {}) as Obj, images, errors);
      // Nest the pod spec's patch at its place in the object: {"spec":{"template":{"spec":{...}}}}.
      const patch = inner && path.reduceRight<Obj>((acc, key) => ({ [key]: acc }), inner);
      return { info, patch };
    });
    for (const { info, patch } of patches) {
      if (!patch) continue;
      const ref = objectRef(info.kind, info.name);
      if (dryRun !== 'client') {
        const q = writeQuery(ctx.flags.str('--field-manager') ?? 'kubectl-set', dryRun, undefined);
        try {
          await conn.client.request<KubeObject>('PATCH', resourcePath(info.kind, info.namespace, info.name) + q, patch, 'application/strategic-merge-patch+json');
        } catch (err) {
          errors.push(new Error(`failed to patch image update to pod template: ${err instanceof Error ? err.message : String(err)}`));
          continue;
        }
      }
      ctx.io.out(output === 'name' ? `${ref}\n` : `${ref} image updated${dryRunSuffix(dryRun)}\n`);
    }
    return reportErrors(ctx.io, errors);
  },
};

/** setCommand is `kubectl set`; only `set image` is built in. */
export const setCommand: Command = { flags: {}, sub: { image: imageCommand } };

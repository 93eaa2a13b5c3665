import { resolveResource, type KindInfo } from '../../api/kinds.js';
import { UsageError } from './flags.js';

/** Target is one object (or, with no name, every object of a kind) a command acts on. */
export interface Target {
  kind: KindInfo;
  name?: string;
}

/** kindOf resolves a resource word as kubectl does, or throws kubectl's error for a type the server lacks. */
export function kindOf(word: string): KindInfo {
  const k = resolveResource(word);
  if (!k) throw new Error(`the server doesn't have a resource type "${word}"`);
  return k;
}

/** ResourceArgs is kubectl's builder's reading of resource arguments: TYPE/NAME pairs, or types and names. */
export type ResourceArgs = { pairs: { type: string; name: string }[] } | { types: string[]; names: string[] };

/** splitTypes splits `TYPE[,TYPE...]` as the builder's SplitResourceArgument does: each spelling once, in order. */
const splitTypes = (arg: string): string[] => [...new Set(arg.split(','))];

/**
 * resourceArgs reads resource arguments as kubectl's builder (ResourceTypeOrNameArgs) does, before any type is
 * looked up: several types with names (`pod,svc web`) become a pair for each type and name; then either every
 * argument is TYPE/NAME (split by splitResourceTypeName; the first bad one is the error) or none is (kubectl
 * refuses to mix the forms, with its words).
 */
export function resourceArgs(args: string[]): ResourceArgs {
  if (args.length >= 2 && splitTypes(args[0]!).length > 1) args = splitTypes(args[0]!).flatMap((t) => args.slice(1).map((n) => `${t}/${n}`));
  const slashed = args.filter((a) => a.includes('/')).length;
  if (!slashed) return { types: args.length ? splitTypes(args[0]!) : [], names: args.slice(1) };
  if (slashed !== args.length)
    throw new UsageError(
      "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    );
  return { pairs: args.map((a) => splitResourceTypeName(a)!) };
}

/**
 * splitResourceTypeName splits one `TYPE/NAME` argument as the builder does, with its errors for more than one
 * slash and for an empty type, an empty name or several types; undefined for an argument with no slash.
 */
export function splitResourceTypeName(arg: string): { type: string; name: string } | undefined {
  if (!arg.includes('/')) return undefined;
  const seg = arg.split('/');
  if (seg.length !== 2) throw new UsageError('arguments in resource/name form may not have more than one slash');
  const [type, name] = seg as [string, string];
  if (!type || !name || splitTypes(type).length !== 1) throw new UsageError('arguments in resource/name form must have a single resource and name');
  return { type, name };
}

/**
 * parseTargets reads kubectl's resource arguments (see resourceArgs): `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...`,
 * the types then looked up. With no name a target stands for every object of its kind.
 */
export function parseTargets(args: string[]): Target[] {
  const r = resourceArgs(args);
  if ('pairs' in r) return r.pairs.map((p) => ({ kind: kindOf(p.type), name: p.name }));
  const kinds = [...new Set(r.types.map(kindOf))];
  if (!r.names.length) return kinds.map((kind) => ({ kind }));
  return kinds.flatMap((kind) => r.names.map((name) => ({ kind, name })));
}

/** kindPrefix is what kubectl puts before a name in `TYPE/NAME` output: `pod`, `deployment.apps`. */
export const kindPrefix = (k: KindInfo) => (k.group ? `${k.kind}.${k.group}` : k.kind).toLowerCase();

/** objectRef is `deployment.apps/web`, the way kubectl names an object in its one-line reports. */
export const objectRef = (k: KindInfo, name: string) => `${kindPrefix(k)}/${name}`;

/**
 * splitResourcesAndPairs is kubectl's GetResourcesAndPairs: a word with `=` (not first) or ending in `-` starts
 * the pairs; a resource after a pair is refused (`all resources must be specified before label changes: x`, with
 * pairType `label`, `annotation` or `image`).
 */
export function splitResourcesAndPairs(args: string[], pairType: string): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const s of args) {
    const pair = (s.includes('=') && !s.startsWith('=')) || (s.endsWith('-') && s !== '-');
    if (pair) pairs.push(s);
    else if (pairs.length) throw new Error(`all resources must be specified before ${pairType} changes: ${s}`);
    else resources.push(s);
  }
  return { resources, pairs };
}

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

/**
 * parseTargets reads kubectl's resource arguments: `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...` (kubectl refuses
 * to mix the two forms, with its words). With no name a target stands for every object of its kind.
 */
export function parseTargets(args: string[]): Target[] {
  if (!args.length) return [];
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/')))
      throw new UsageError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      );
    return args.map((a) => {
      const slash = a.indexOf('/');
      const name = a.slice(slash + 1);
      if (!name) throw new UsageError(`arguments in resource/name form must have a single resource and name`);
      return { kind: kindOf(a.slice(0, slash)), name };
    });
  }
  const [types, ...names] = args;
  const kinds = [...new Set(types!.split(',').map(kindOf))];
  if (!names.length) return kinds.map((kind) => ({ kind }));
  return kinds.flatMap((kind) => names.map((name) => ({ kind, name })));
}

/** kindPrefix is what kubectl puts before a name in `TYPE/NAME` output: `pod`, `deployment.apps`. */
export const kindPrefix = (k: KindInfo) => (k.group ? `${k.kind}.${k.group}` : k.kind).toLowerCase();

/** objectRef is `deployment.apps/web`, the way kubectl names an object in its one-line reports. */
export const objectRef = (k: KindInfo, name: string) => `${kindPrefix(k)}/${name}`;

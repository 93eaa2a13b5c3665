import type { KubeObject } from '../../api/types.js';
import type { Command } from './command.js';
import { COMMON, generated, meta, nameArg, outputBuiltIn } from './create-kit.js';
import { dryRunOf } from './print-result.js';
import { kindOf } from './targets.js';

// `kubectl create poddisruptionbudget NAME --selector=SEL --min-available=N|N% | --max-unavailable=N|N%`
// (create_pdb.go), built in the field order of the Go types.

const NAME = '[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?';
const EQUALITY = new RegExp(`^((${NAME}(\\.${NAME})*)/)?${NAME}$`);
const VALUE = new RegExp(`^(${NAME})?$`);

/**
 * matchLabelsOf reads an equality-only selector (`k=v,k2==v2`) as metav1.ParseToLabelSelector makes it
 * matchLabels; undefined for anything else (set-based requirements, a bad key or value, a key twice), whose
 * selector or error wording is left to a real kubectl.
 */
function matchLabelsOf(selector: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (const part of selector.split(',')) {
    const m = /^\s*([^=!\s]+)\s*==?\s*([^=\s]*)\s*$/.exec(part);
    if (!m || !EQUALITY.test(m[1]!) || !VALUE.test(m[2]!) || m[1]! in labels) return undefined;
    labels[m[1]!] = m[2]!;
  }
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** intOrPercent is intstr.Parse of a value kubectl's check let through (`^[0-9]+%?$`); undefined past int32. */
function intOrPercent(v: string): number | string | undefined {
  if (v.endsWith('%')) return v;
  const n = Number(v);
  return n <= 2 ** 31 - 1 ? n : undefined;
}

export const pdbCmd: Command = {
  flags: { ...COMMON, '--selector': ['value'], '--min-available': ['value'], '--max-unavailable': ['value'] },
  async run(ctx) {
    if (!outputBuiltIn(ctx)) return undefined;
    const name = nameArg(ctx, 'poddisruptionbudget');
    const dryRun = dryRunOf(ctx);
    if (dryRun instanceof Error) throw dryRun;
    const selector = ctx.flags.str('--selector') ?? '';
    const minAvailable = ctx.flags.str('--min-available') ?? '';
    const maxUnavailable = ctx.flags.str('--max-unavailable') ?? '';
    if (!selector) throw new Error('a selector must be specified');
    if (!minAvailable && !maxUnavailable) throw new Error('one of min-available or max-unavailable must be specified');
    if (minAvailable && maxUnavailable) throw new Error('min-available and max-unavailable cannot be both specified');
    if (minAvailable && !/^[0-9]+%?$/.test(minAvailable)) throw new Error('invalid format specified for min-available');
    if (maxUnavailable && !/^[0-9]+%?$/.test(maxUnavailable)) throw new Error('invalid format specified for max-unavailable');
    const matchLabels = matchLabelsOf(selector);
    const budget = intOrPercent(minAvailable || maxUnavailable);
    if (!matchLabels || budget === undefined) return undefined;
    return generated(ctx, 'failed to create poddisruptionbudgets: ', kindOf('poddisruptionbudgets.policy'), (ns) => ({
      kind: 'PodDisruptionBudget',
      apiVersion: 'policy/v1',
      metadata: meta(name, ns),
      spec: {
        ...(minAvailable ? { minAvailable: budget } : {}),
        selector: { matchLabels },
        ...(maxUnavailable ? { maxUnavailable: budget } : {}),
      },
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    }) as KubeObject);
  },
};

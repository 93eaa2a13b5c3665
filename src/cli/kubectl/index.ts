import { get, type IO } from './get.js';
import { describe } from './describe.js';

/** The `kubectl get` flags the built-in knows, and whether each takes a value. */
const GET_FLAGS: Record<string, 'value' | 'bool'> = {
  '--kubeconfig': 'value',
  '--context': 'value',
  '-n': 'value',
  '--namespace': 'value',
  '-A': 'bool',
  '--all-namespaces': 'bool',
  '-l': 'value',
  '--selector': 'value',
  '-o': 'value',
  '--output': 'value',
  '--show-labels': 'bool',
  '--no-headers': 'bool',
};

interface Parsed {
  command: string;
  positionals: string[];
  flags: Map<string, string | true>;
}

/** parse reads a kubectl command line the built-in can run, or undefined: something it does not know yet. */
function parse(args: string[]): Parsed | undefined {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return undefined;
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a.startsWith('--') || a.length === 2 ? a : a.slice(0, 2);
    const kind = GET_FLAGS[name];
    if (!kind) return undefined;
    if (kind === 'bool') {
      if (eq > 0 || (name !== a && !a.startsWith('--'))) return undefined;
      flags.set(name, true);
      continue;
    }
    // -nVALUE, -n=VALUE, --flag=VALUE, or the next word.
    const inline = eq > 0 ? a.slice(eq + 1) : name !== a ? a.slice(2) : undefined;
    const value = inline ?? args[++i];
    if (value === undefined) return undefined;
    flags.set(name, value);
  }
  const [command, ...rest] = positionals;
  if (!command) return undefined;
  return { command, positionals: rest, flags };
}

const flag = (p: Parsed, ...names: string[]) => {
  for (const n of names) if (p.flags.has(n)) return p.flags.get(n);
  return undefined;
};

/**
 * runKubectl runs a kubectl command line with the kubectl built into minik9s, when it knows every part of it
 * (today: `get` with -n/-A/-l/-o wide|name|json/--show-labels/--no-headers, `describe` with -n/-A/-l, and
 * --kubeconfig/--context); the answer is
 * the exit code, or undefined when the line is not built in yet (the caller then runs a kubectl from PATH).
 * Output is byte for byte what kubectl 1.35 prints for the same cluster (test/e2e/kubectl-golden.test.ts).
 */
export async function runKubectl(args: string[], io: IO, defaults: { kubeconfig?: string; context?: string } = {}): Promise<number | undefined> {
  const p = parse(args);
  if (!p || (p.command !== 'get' && p.command !== 'describe')) return undefined;
  const output = flag(p, '-o', '--output');
  if (p.command === 'describe' && (output !== undefined || p.flags.has('--show-labels') || p.flags.has('--no-headers'))) return undefined;
  if (output !== undefined && output !== 'wide' && output !== 'name' && output !== 'json') return undefined;
  if ((output === 'name' || output === 'json') && p.flags.has('--show-labels')) return undefined;
  const { clientFromKubeconfig } = await import('../../client/kubeconfig.js');
  let conn;
  // Server warnings go to stderr as kubectl prints them, each message once.
  const warned = new Set<string>();
  const onWarning = (text: string) => {
    if (warned.has(text)) return;
    warned.add(text);
    io.err(`Warning: ${text}\n`);
  };
  try {
    conn = await clientFromKubeconfig({ kubeconfig: (flag(p, '--kubeconfig') as string | undefined) ?? defaults.kubeconfig, context: (flag(p, '--context') as string | undefined) ?? defaults.context, onWarning });
  } catch (err) {
    io.err(`error: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const namespace = (flag(p, '-n', '--namespace') as string | undefined) ?? conn.context.namespace ?? 'default';
    if (p.command === 'describe')
      return await describe(conn.client, p.positionals, { namespace, allNamespaces: !!flag(p, '-A', '--all-namespaces'), selector: flag(p, '-l', '--selector') as string | undefined }, io);
    return await get(
      conn.client,
      p.positionals,
      {
        namespace,
        allNamespaces: !!flag(p, '-A', '--all-namespaces'),
        selector: flag(p, '-l', '--selector') as string | undefined,
        output: (output as 'wide' | 'name' | 'json' | undefined) ?? '',
        showLabels: !!p.flags.get('--show-labels'),
        noHeaders: !!p.flags.get('--no-headers'),
      },
      io,
    );
  } finally {
    conn.client.close();
  }
}

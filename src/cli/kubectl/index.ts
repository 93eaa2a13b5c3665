import { GLOBAL_FLAGS, Flags, parseLine, UsageError, type FlagTable } from './flags.js';
import type { Command, Connection, Ctx, IO } from './command.js';

export type { IO } from './command.js';

/**
 * The commands built in, each loaded when first used (so `minik9s kubectl get pods` loads only `get`). A
 * command line naming any other command, or a flag its command does not know, is not built in: runKubectl
 * answers undefined and the caller runs a real kubectl.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  get: async () => (await import('./get.js')).getCommand,
  describe: async () => (await import('./describe.js')).describeCommand,
  rollout: async () => (await import('./rollout.js')).rolloutCommand,
  scale: async () => (await import('./scale.js')).scaleCommand,
  autoscale: async () => (await import('./autoscale.js')).autoscaleCommand,
  set: async () => (await import('./set.js')).setCommand,
  logs: async () => (await import('./logs.js')).logsCommand,
  exec: async () => (await import('./exec.js')).execCommand,
  top: async () => (await import('./top.js')).topCommand,
  cordon: async () => (await import('./node.js')).cordonNodeCommand,
  uncordon: async () => (await import('./node.js')).uncordonCommand,
  drain: async () => (await import('./node.js')).drainCommand,
  version: async () => (await import('./version.js')).versionCommand,
  'cluster-info': async () => (await import('./cluster-info.js')).clusterInfoCommand,
  'api-resources': async () => (await import('./api-resources.js')).apiResourcesCommand,
  explain: async () => (await import('./explain.js')).explainCommand,
  config: async () => (await import('./config.js')).configCommand,
  create: async () => (await import('./create.js')).createCommand,
  apply: async () => (await import('./apply.js')).applyCommand,
  delete: async () => (await import('./delete.js')).deleteCommand,
  run: async () => (await import('./run.js')).runCommand,
  expose: async () => (await import('./expose.js')).exposeCommand,
  label: async () => (await import('./label.js')).labelCommand,
  annotate: async () => (await import('./annotate.js')).annotateCommand,
  edit: async () => (await import('./edit.js')).editCommand,
  wait: async () => (await import('./wait.js')).waitCommand,
  patch: async () => (await import('./patch.js')).patchCommand,
  replace: async () => (await import('./replace.js')).replaceCommand,
};

/** builtInCommands names the commands built in, for messages that list them. */
export const builtInCommands = (): string[] => Object.keys(COMMANDS);

/**
 * builtInFlags says what is built in of the command a line names (`get`, `rollout status`): its sub-commands or
 * its flags, from the tables the parser reads; undefined for a command that is not built in.
 */
export async function builtInFlags(args: string[]): Promise<string | undefined> {
  const words = leadingWords(args, GLOBAL_FLAGS);
  const load = words[0] === undefined ? undefined : COMMANDS[words[0]];
  if (!load) return undefined;
  let cmd = await load();
  const chosen = [words[0]!];
  while (cmd.sub && words[chosen.length] !== undefined && cmd.sub[words[chosen.length]!]) {
    chosen.push(words[chosen.length]!);
    cmd = cmd.sub[chosen.at(-1)!]!;
  }
  const name = `kubectl ${chosen.join(' ')}`;
  const lines = [`${name} is built into minik9s.`];
  if (cmd.sub) lines.push(`Sub-commands built in: ${Object.keys(cmd.sub).join(', ')}.`);
  const flags = Object.entries({ ...cmd.flags, ...GLOBAL_FLAGS }).map(([long, [kind, short]]) => `${short ? `${short}, ` : ''}${long}${kind === 'bool' ? '' : kind === 'optional' ? '[=VALUE]' : ' VALUE'}`);
  lines.push(`Flags built in: ${flags.join('  ')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * runKubectl runs a kubectl command line with the kubectl built into minik9s, when it knows every part of it; the
 * answer is the exit code, or undefined when the line is not built in (the caller then runs a kubectl from PATH).
 * Output is byte for byte what kubectl 1.35 prints for the same cluster (test/e2e/kubectl-golden/).
 */
export async function runKubectl(args: string[], io: IO, defaults: { kubeconfig?: string; context?: string; now?: () => number; namespace?: string } = {}): Promise<number | undefined> {
  // The command is the first word that is not a flag or a global flag's value.
  const command = leadingWords(args, GLOBAL_FLAGS)[0];
  const load = command === undefined ? undefined : COMMANDS[command];
  if (!load) return undefined;
  let cmd = await load();
  // Sub-commands (`rollout status`, `create secret generic`) are picked by the words after the command's name,
  // read before the flags (each sub-command adds its own); a command with its own run also takes lines naming no
  // sub-command (`create -f`).
  let table: FlagTable = { ...GLOBAL_FLAGS, ...cmd.flags };
  const chosen: string[] = [command!];
  const words = leadingWords(args, table);
  while (cmd.sub) {
    const subName = words[chosen.length];
    const sub = subName === undefined ? undefined : cmd.sub[subName];
    if (!sub) {
      if (cmd.run && subName === undefined) break;
      return undefined;
    }
    cmd = sub;
    chosen.push(subName!);
    table = { ...table, ...sub.flags };
  }
  let parsed;
  try {
    parsed = parseLine(args, table);
    if (parsed) parsed.words = [chosen.join(' '), ...parsed.words.slice(chosen.length)];
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\nSee 'kubectl ${chosen.join(' ')} --help' for usage.\n`);
      return 1;
    }
    throw err;
  }
  if (!parsed || !cmd.run) return undefined;
  const flags = new Flags(parsed.values);
  // The connection being opened, kept from the start so that a command interrupted before it resolved still has
  // its client closed (else the keep-alive client holds the process open).
  let conn: Promise<Connection> | undefined;
  // Server warnings go to stderr as kubectl prints them, each message once.
  const warned = new Set<string>();
  const onWarning = (text: string) => {
    if (warned.has(text)) return;
    warned.add(text);
    io.err(`Warning: ${text}\n`);
  };
  const ctx: Ctx = {
    args: parsed.words.slice(1),
    afterDash: parsed.afterDash,
    flags,
    io,
    kubeconfig: flags.str('--kubeconfig') ?? defaults.kubeconfig,
    context: flags.str('--context') ?? defaults.context,
    now: defaults.now ?? Date.now,
    connect() {
      conn ??= (async () => {
        const { clientFromKubeconfig } = await import('../../client/kubeconfig.js');
        const c = await clientFromKubeconfig({ kubeconfig: ctx.kubeconfig, context: ctx.context, onWarning });
        const explicit = flags.str('--namespace');
        // The caller's namespace (the dashboard's on screen) stands in for the context's; -n wins over both.
        return { ...c, namespace: explicit ?? defaults.namespace ?? c.context.namespace ?? 'default', explicitNamespace: explicit !== undefined };
      })();
      return conn;
    },
  };
  try {
    return await cmd.run(ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\n`);
      return 1;
    }
    const { errorLine } = await import('./errors.js');
    io.err(`${errorLine(err)}\n`);
    return 1;
  } finally {
    // Not awaited: an interrupted command answers at once; its client is closed once it is there (a failed connect
    // has none to close).
    conn?.then(
      (c) => c.client.close(),
      () => undefined,
    );
  }
}

/**
 * leadingWords lists a line's words that are not flags, skipping the values of the flags the table knows; an
 * unknown flag is taken to carry no separate value. It is only used to find sub-command names, which come first.
 */
function leadingWords(args: string[], table: FlagTable): string[] {
  // Bools and optional-value flags (pflag's NoOptDefVal) never take the next word as their value.
  const takesWord = (k: string | undefined) => k !== undefined && k !== 'bool' && k !== 'optional';
  const short = new Set(Object.values(table).filter(([k, s]) => s && takesWord(k)).map(([, s]) => s));
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (!a.startsWith('-') || a === '-') words.push(a);
    else if (a.startsWith('--') ? !a.includes('=') && takesWord(table[a]?.[0]) : a.length === 2 && short.has(a)) i++;
  }
  return words;
}

import { readProfileFile } from '../profile/profile-file.js';
import { CliError, ExitCode } from './output.js';

/**
 * kubectl runs `minik9s kubectl -- ARGS` as minikube does: kubectl against the profile's cluster (its context),
 * with kubectl's exit code returned. A command line the built-in kubectl knows (src/cli/kubectl/) runs in this
 * process, printing what kubectl 1.35 prints; any other goes to the kubectl on PATH ($MINIK9S_KUBECTL to name
 * another), with the terminal handed over.
 */
export async function kubectl(profile: string, args: string[]): Promise<number> {
  // What the built-in does not need is loaded only when used: this path is timed against kubectl's own ~70 ms.
  if (!readProfileFile(profile)) throw (await import('./status.js')).profileNotFound(profile);
  const { runKubectl } = await import('./kubectl/index.js');
  const builtIn = await runBuiltIn((io) => runKubectl(args, io, { context: profile }));
  if (builtIn !== undefined) return builtIn;
  const bin = process.env.MINIK9S_KUBECTL || 'kubectl';
  const { execa } = await import('execa');
  const r = await execa(bin, ['--context', profile, ...args], { stdio: 'inherit', reject: false });
  if (r.failed && r.exitCode === undefined) {
    if ((r as { code?: string }).code === 'ENOENT' || /ENOENT/.test(String(r.message))) {
      // Nothing asked of kubectl (its help, or a command not built in) and no kubectl to ask: say what is built in.
      if (!args.some((a) => !a.startsWith('-'))) {
        const { builtInCommands } = await import('./kubectl/index.js');
        process.stdout.write(`minik9s kubectl runs kubectl commands on the "${profile}" cluster: minik9s kubectl -- get pods\n\nBuilt in (no kubectl needed): ${builtInCommands().join(', ')}.\nAnything else runs the kubectl on your PATH (or $MINIK9S_KUBECTL), and none was found.\n`);
        return 0;
      }
      // A built-in command's help (`get --help`): kubectl's own text needs kubectl; say which flags are built in.
      if (args.some((a) => a === '-h' || a === '--help')) {
        const { builtInFlags } = await import('./kubectl/index.js');
        const help = await builtInFlags(args);
        if (help) {
          process.stdout.write(`${help}\nkubectl's full help for it needs kubectl installed (https://kubernetes.io/docs/tasks/tools/).\n`);
          return 0;
        }
      }
      throw new CliError(`kubectl was not found on PATH: install it (https://kubernetes.io/docs/tasks/tools/), or set MINIK9S_KUBECTL to its path`, ExitCode.Failure, 'MK_KUBECTL');
    }
    throw new CliError(`kubectl could not run: ${r.shortMessage}`, ExitCode.Failure, 'MK_KUBECTL');
  }
  return r.exitCode ?? 1;
}

/** The signals kubectl's interrupt handler (pkg/util/interrupt) catches. */
const INTERRUPTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/** How long a command has to end once interrupted before it is taken to have no interrupt handler at all. */
const UNWIND_MS = 250;

/**
 * runBuiltIn runs the built-in kubectl with this process's stdio: stdout and stderr; stdin read to its end only
 * when asked for (`-f -`), and the terminal for `exec -i`/`-t`; and a signal aborted by SIGINT/SIGTERM/SIGHUP/
 * SIGQUIT while it runs, so that ctrl-c ends it as it ends kubectl (`logs -f`, `get -w`, `rollout status`,
 * `exec`, delete's wait: exit 1). A command that does not end soon after (one kubectl has no handler for, such
 * as `get` waiting on a slow server) dies of the signal as kubectl would. The handlers are removed after.
 */
async function runBuiltIn<T>(run: (io: import('./kubectl/index.js').IO) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const die = (signal: NodeJS.Signals) => {
    unhook();
    process.kill(process.pid, signal);
  };
  // A second ctrl-c does not wait.
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) return die(signal);
    abort.abort();
    timer = setTimeout(() => die(signal), UNWIND_MS);
  };
  const unhook = () => {
    for (const s of INTERRUPTS) process.off(s, onSignal);
  };
  for (const s of INTERRUPTS) process.on(s, onSignal);
  try {
    return await run({
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
      stdin: readStdin,
      // Only looked at by the commands that use it: setting up process.stdin costs a few ms of a timed path.
      get terminal() {
        return process.stdin;
      },
      signal: abort.signal,
    });
  } finally {
    clearTimeout(timer);
    unhook();
  }
}

/** readStdin reads this process's standard input to its end (`-f -`). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

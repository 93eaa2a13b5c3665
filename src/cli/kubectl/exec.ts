import type { KubeObject } from '../../api/types.js';
import type { ExecStream } from '../../client/types.js';
import { usage, type Command, type Ctx } from './command.js';
import { INTERRUPTED_EXIT, Interruption, KILLED_EXIT } from './interrupt.js';
import { allContainerNames, DEFAULT_CONTAINER_ANNOTATION, fetchTarget, hasSeveralContainers, mostActive, podsFor, type PodObject } from './pod-select.js';

/**
 * Where the session's input comes from, as the caller gives it (never the process's own stdin, which the dashboard
 * must keep): the IO's terminal, streamed as typed (a shell's `minik9s kubectl`: its stdin, a TTY or a pipe); else
 * the IO's stdin, read to its end and sent (tests, the golden harness); else none, and `-i` is refused.
 */
interface Input {
  terminal: boolean;
  /** Feeds the input to the session, then closes the session's stdin when it ends; answers how to let go of it. */
  pipe(session: ExecStream, raw: boolean): () => void;
}

function inputOf(ctx: Ctx): Input | undefined {
  const term = ctx.io.terminal;
  if (term)
    return {
      terminal: !!term.isTTY,
      pipe(session, raw) {
        // In raw mode keys go to the remote shell as typed (ctrl-c included), as kubectl's raw terminal does; it is
        // set only on a TTY and given back as it was found.
        const rawSet = raw && term.isTTY && !term.isRaw;
        if (rawSet) term.setRawMode(true);
        const onData = (d: Buffer | string) => session.write(d.toString());
        const onEnd = () => session.closeStdin?.();
        term.on('data', onData);
        term.on('end', onEnd);
        if (term.readableEnded) onEnd();
        else term.resume();
        return () => {
          term.off('data', onData);
          term.off('end', onEnd);
          if (rawSet) term.setRawMode(false);
          term.pause();
        };
      },
    };
  const given = ctx.io.stdin;
  if (given)
    return {
      terminal: false,
      pipe(session) {
        void given().then(
          (text) => {
            if (text) session.write(text);
            session.closeStdin?.();
          },
          () => session.closeStdin?.(),
        );
        return () => {};
      },
    };
  return undefined;
}

/** NO_INPUT is why `exec -i` cannot run for a caller that has no input to give it (the dashboard's `!` prompt). */
export const NO_INPUT = 'exec -i needs a terminal to read standard input from, and there is none here: run it in a terminal';

/** execCommand is `kubectl exec POD|TYPE/NAME [-c CONTAINER] [-i] [-t] -- COMMAND [ARGS...]`. */
export const execCommand: Command = {
  flags: {
    '--container': ['value', '-c'],
    '--stdin': ['bool', '-i'],
    '--tty': ['bool', '-t'],
    '--quiet': ['bool', '-q'],
    '--pod-running-timeout': ['value'],
  },
  async run(ctx) {
    const f = ctx.flags;
    const before = ctx.args;
    const dash = ctx.afterDash;
    // cobra's ArgsLenAtDash: the resource is the first word unless `--` comes first.
    const resource = before.length > 0 ? before[0]! : '';
    if (!dash && before.length > 1) return usage(ctx.io, 'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead', 'exec');
    const command = dash ?? [];
    if (!resource) throw new Error('pod, type/name or --filename must be specified');
    if (!command.length) throw new Error('you must specify at least one command for the container');

    // Refused before anything is asked of the cluster: there is nothing to send.
    const stdin = f.bool('--stdin');
    const input = stdin ? inputOf(ctx) : undefined;
    if (stdin && !input) throw new Error(NO_INPUT);

    // Interrupted (io.signal), the session is closed and nothing more is printed. kubectl guards the session with
    // its interrupt handler (exit 1) only when its input is a terminal (term.TTY.Safe); otherwise a SIGINT kills it,
    // and the answer is what a shell reports for that. (In raw mode ctrl-c is a key sent to the remote command.)
    const intr = new Interruption(ctx.io.signal);
    const io = intr.guard(ctx.io);
    let release: (() => void) | undefined;
    try {
      return await intr.race(
        (async () => {
          const { client, namespace } = await ctx.connect();
          const obj: KubeObject = await fetchTarget(client, namespace, resource);
          let pod = obj as PodObject;
          if (obj.kind !== 'Pod') {
            const pods = await podsFor(client, obj, mostActive);
            if (!pods) return undefined;
            pod = pods[0]!;
          }
          const phase = pod.status?.phase;
          if (phase === 'Succeeded' || phase === 'Failed') throw new Error(`cannot exec into a container in a completed pod; current phase is ${phase}`);

          const quiet = f.bool('--quiet');
          let container = f.str('--container') ?? '';
          if (!container) {
            const containers = pod.spec?.containers ?? [];
            if (!containers.length) throw new Error(`pod ${pod.metadata.namespace}/${pod.metadata.name} does not have any containers`);
            const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
            if (annotated && containers.some((c) => c.name === annotated)) container = annotated;
            else {
              container = containers[0]!.name;
              if (!quiet && hasSeveralContainers(pod)) io.err(`Defaulted container "${container}" out of: ${allContainerNames(pod)}\n`);
            }
          }

          // kubectl's SetupTTY: a terminal only when stdin is attached and is one.
          let tty = stdin && f.bool('--tty');
          if (tty && !input!.terminal) {
            tty = false;
            if (!quiet) io.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
          }
          intr.check(); // no session is opened once interrupted
          const session = client.exec(namespace, pod.metadata.name!, { container, command, stdin, tty }, { stdout: (d) => io.out(d), stderr: (d) => io.err(d) });
          intr.track({ stop: () => session.close(), done: session.done.then(noop, noop) });
          release = input?.pipe(session, tty);
          const code = await session.done;
          if (code !== 0) io.err(`command terminated with exit code ${code}\n`);
          return code;
        })(),
        input?.terminal ? INTERRUPTED_EXIT : KILLED_EXIT,
      );
    } finally {
      release?.();
    }
  },
};

const noop = (): void => {};

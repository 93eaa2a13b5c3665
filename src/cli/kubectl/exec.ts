import type { KubeObject } from '../../api/types.js';
import type { ExecStream } from '../../client/types.js';
import { usage, type Command, type Ctx } from './command.js';
import { allContainerNames, DEFAULT_CONTAINER_ANNOTATION, fetchTarget, hasSeveralContainers, mostActive, podsFor, type PodObject } from './pod-select.js';

/**
 * Where the session's input comes from: the IO's stdin when the caller gives one (a pipe: tests, scripts), else
 * the process's own standard input, which may be a terminal.
 */
interface Input {
  terminal: boolean;
  /** Feeds the input to the session, then closes the session's stdin when it ends. */
  pipe(session: ExecStream, raw: boolean): () => void;
}

function inputOf(ctx: Ctx): Input {
  const given = ctx.io.stdin;
  if (given)
    return {
      terminal: false,
      pipe(session) {
        void given().then((text) => {
          if (text) session.write(text);
          session.closeStdin?.();
        });
        return () => {};
      },
    };
  const stdin = process.stdin;
  return {
    terminal: !!stdin.isTTY,
    pipe(session, raw) {
      // In raw mode keys go to the remote shell as typed (ctrl-c included), as kubectl's raw terminal does.
      if (raw && stdin.isTTY) stdin.setRawMode(true);
      const onData = (d: Buffer | string) => session.write(d.toString());
      const onEnd = () => session.closeStdin?.();
      stdin.on('data', onData);
      stdin.on('end', onEnd);
      stdin.resume();
      return () => {
        stdin.off('data', onData);
        stdin.off('end', onEnd);
        if (raw && stdin.isTTY) stdin.setRawMode(false);
        stdin.pause();
      };
    },
  };
}

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
        if (!quiet && hasSeveralContainers(pod)) ctx.io.err(`Defaulted container "${container}" out of: ${allContainerNames(pod)}\n`);
      }
    }

    // kubectl's SetupTTY: a terminal only when stdin is attached and is one.
    const stdin = f.bool('--stdin');
    const input = stdin ? inputOf(ctx) : undefined;
    let tty = stdin && f.bool('--tty');
    if (tty && !input!.terminal) {
      tty = false;
      if (!quiet) ctx.io.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    }
    const session = client.exec(namespace, pod.metadata.name!, { container, command, stdin, tty }, { stdout: (d) => ctx.io.out(d), stderr: (d) => ctx.io.err(d) });
    const release = input?.pipe(session, tty);
    let code: number;
    try {
      code = await session.done;
    } finally {
      release?.();
    }
    if (code !== 0) ctx.io.err(`command terminated with exit code ${code}\n`);
    return code;
  },
};

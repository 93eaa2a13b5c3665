import type { HttpClient } from '../../client/http-client.js';
import type { KubeconfigContext } from '../../client/kubeconfig.js';
import type { Flags, FlagTable } from './flags.js';

/** IO is where a kubectl command reads and writes. */
export interface IO {
  out(text: string): void;
  err(text: string): void;
  /**
   * All of standard input, read to its end (`-f -`, and `exec -i` without a terminal). Absent when the caller has
   * none to give (the dashboard): commands that need it then fail saying so; nothing reads the process's stdin.
   */
  stdin?: () => Promise<string>;
  /**
   * The terminal (or stream) `exec -i`/`-t` talks to as it is typed, preferred to `stdin` when both are given;
   * put in raw mode for `-t` only when it is a TTY. Only a shell's `minik9s kubectl` gives one (process.stdin).
   */
  terminal?: NodeJS.ReadStream;
  /**
   * Aborted when the user interrupts a command (`get -w`, `logs -f`, `rollout status`, `exec`, delete's, drain's and
   * scale's waits: see interrupt.ts); it then ends as kubectl ends when interrupted. The shell's `minik9s kubectl`
   * aborts it on SIGINT/SIGTERM/SIGHUP/SIGQUIT, the dashboard on its stop key; without one nothing interrupts.
   */
  signal?: AbortSignal;
}

/** Connection is a client for the kubeconfig's context and what the context says. */
export interface Connection {
  client: HttpClient;
  context: KubeconfigContext;
  /** The namespace commands work in: -n, else the context's, else `default`. */
  namespace: string;
  /** Whether -n was given (some commands word their messages differently then). */
  explicitNamespace: boolean;
}

/** Ctx is what a command gets: its words, its flags, where to write, and a way to reach the cluster. */
export interface Ctx {
  /** The words after the command's name (and sub-command's, for those that have them). */
  args: string[];
  /** The words after `--`, if there was one. */
  afterDash?: string[];
  flags: Flags;
  io: IO;
  /** The kubeconfig file named by --kubeconfig or the caller (else $KUBECONFIG / ~/.kube/config). */
  kubeconfig?: string;
  /** The context named by --context or the caller. */
  context?: string;
  /** connect opens a client for the context (once; closed after the command). */
  connect(): Promise<Connection>;
  /** now is the wall clock kubectl's ages are counted from. */
  now(): number;
}

/**
 * Command is one kubectl command the built-in runs: the flags it knows (besides the global ones) and how it
 * runs. run answers the exit code, or undefined when this particular use is not built in after all (then the
 * caller runs a real kubectl, which prints what kubectl prints).
 */
export interface Command {
  flags: FlagTable;
  /** Sub-commands (`rollout status`, `config view`): the first word picks one. */
  sub?: Record<string, Command>;
  run?(ctx: Ctx): Promise<number | undefined>;
}

/** Wraps kubectl's usage errors: `error: MESSAGE` and the `See 'kubectl X -h'` hint. */
export function usage(io: IO, message: string, command: string): number {
  io.err(`error: ${message}\nSee 'kubectl ${command} -h' for help and examples\n`);
  return 1;
}

/**
 * Output prints minikube-style lines: an emoji and two spaces on a terminal, a plain low-fi prefix (`* `, `! `,
 * `X `) when the output is piped or NO_COLOR is set, so logs and tests read cleanly.
 */
export type Style =
  | 'happy' | 'sparkle' | 'thumbsUp' | 'startingVM' | 'docker' | 'healthCheck' | 'addonEnable' | 'ready'
  | 'running' | 'restarting' | 'stopping' | 'stopped' | 'deleting' | 'deleted' | 'shrug' | 'workaround'
  | 'failure' | 'warning' | 'tip' | 'meh' | 'option' | 'check' | 'celebrate' | 'addonDisable';

const STYLES: Record<Style, { emoji: string; low: string }> = {
  happy: { emoji: '😄  ', low: '* ' },
  sparkle: { emoji: '✨  ', low: '* ' },
  thumbsUp: { emoji: '👍  ', low: '* ' },
  startingVM: { emoji: '🔥  ', low: '* ' },
  docker: { emoji: '🐳  ', low: '* ' },
  healthCheck: { emoji: '🔎  ', low: '* ' },
  addonEnable: { emoji: '🌟  ', low: '* ' },
  ready: { emoji: '🏄  ', low: '* ' },
  running: { emoji: '🏃  ', low: '* ' },
  restarting: { emoji: '🔄  ', low: '* ' },
  stopping: { emoji: '✋  ', low: '* ' },
  stopped: { emoji: '🛑  ', low: '* ' },
  deleting: { emoji: '🔥  ', low: '* ' },
  deleted: { emoji: '💀  ', low: '* ' },
  shrug: { emoji: '🤷  ', low: '* ' },
  workaround: { emoji: '👉  ', low: '  ' },
  failure: { emoji: '❌  ', low: 'X ' },
  warning: { emoji: '❗  ', low: '! ' },
  tip: { emoji: '💡  ', low: '* ' },
  meh: { emoji: '🙄  ', low: '! ' },
  option: { emoji: '    ▪ ', low: '  - ' },
  check: { emoji: '✅  ', low: '* ' },
  celebrate: { emoji: '🎉  ', low: '* ' },
  addonDisable: { emoji: '🌑  ', low: '* ' },
};

/** wantsEmoji: a terminal, no NO_COLOR; MINIK9S_IN_STYLE=true/false overrides, like MINIKUBE_IN_STYLE. */
export function wantsEmoji(stream: NodeJS.WriteStream = process.stdout): boolean {
  const forced = process.env.MINIK9S_IN_STYLE;
  if (forced === 'true' || forced === '1') return true;
  if (forced === 'false' || forced === '0') return false;
  if (process.env.NO_COLOR) return false;
  return !!stream.isTTY;
}

/** styled formats one line in a style. */
export function styled(style: Style, text: string, emoji = wantsEmoji()): string {
  const s = STYLES[style];
  return (emoji ? s.emoji : s.low) + text;
}

/** out prints a styled line on stdout. */
export function out(style: Style, text: string): void {
  process.stdout.write(styled(style, text) + '\n');
}

/** err prints a styled line on stderr. */
export function err(style: Style, text: string): void {
  process.stderr.write(styled(style, text, wantsEmoji(process.stderr)) + '\n');
}

/** Exit codes, as minikube's reason package numbers them (usage follows sysexits' EX_USAGE). */
export const ExitCode = {
  Failure: 1,
  Usage: 64,
  ProgramError: 10,
  GuestError: 80,
  GuestNotRunning: 83,
  GuestNotFound: 85,
} as const;

/** CliError is a failure the CLI reports in one line and turns into an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly reasonId = 'MK_FAILURE',
  ) {
    super(message);
  }
}

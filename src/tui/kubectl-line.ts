import { shellWords } from './shell-words.js';

/**
 * KubectlLine is what the `!` prompt makes of a command line: the words to hand the built-in kubectl (and whether
 * they stream until stopped: `get -w`, `logs -f`), nothing to run (an empty line), or why it is not run here (a
 * terminal it needs, a shell's part).
 */
export type KubectlLine =
  | { readonly type: 'run'; readonly args: string[]; readonly stream?: true }
  | { readonly type: 'empty' }
  | { readonly type: 'refuse'; readonly message: string };

/**
 * KUBECTL_COMMANDS are kubectl's own command names (1.35's `kubectl help`), for Tab to complete the first word.
 * Completing one says nothing about whether it is built in: a line that is not runs nowhere, with a message.
 */
export const KUBECTL_COMMANDS: readonly string[] = [
  'get', 'describe', 'create', 'apply', 'delete', 'edit', 'patch', 'replace', 'label', 'annotate', 'expose', 'run',
  'set', 'explain', 'rollout', 'scale', 'autoscale', 'logs', 'exec', 'attach', 'port-forward', 'proxy', 'cp', 'top',
  'cordon', 'uncordon', 'drain', 'taint', 'certificate', 'cluster-info', 'api-resources', 'api-versions', 'config',
  'version', 'wait', 'diff', 'kustomize', 'auth', 'debug', 'events', 'completion', 'plugin', 'options', 'help',
];

/** The global flags that take a value in the next word (so that the command is found after `-n web get`). */
const VALUE_FLAGS = new Set(['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as', '--as-group', '--request-timeout', '--cache-dir', '-v', '--v']);

/** The commands that want the terminal, and what to do instead; the dashboard's own key where it has one. */
const TERMINAL_ONLY: Readonly<Record<string, string>> = {
  edit: 'kubectl edit needs an editor on the terminal: press e on the object instead, or run it in a terminal',
  'port-forward': 'kubectl port-forward runs until you stop it: run it in a terminal',
  attach: 'kubectl attach needs the terminal: run it in a terminal',
  proxy: 'kubectl proxy runs until you stop it: run it in a terminal',
};

/**
 * flagGiven: whether a boolean flag is on in the words: `--follow`, `--follow=true`, or one of its short spellings
 * (`-f`; `-it` for exec's `-i`). Other runs of letters are left alone: `-owide` is no `-w`.
 */
function flagGiven(words: readonly string[], long: string, ...shorts: string[]): boolean {
  for (const w of words) {
    if (w === '--') break;
    if (w === long || w === `${long}=true` || shorts.includes(w)) return true;
  }
  return false;
}

/** commandWords are the words that are not flags (nor a global flag's value), before `--`. */
function commandWords(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') break;
    if (VALUE_FLAGS.has(w)) i++;
    else if (!w.startsWith('-') || w === '-') out.push(w);
  }
  return out;
}

/**
 * parseKubectlLine reads a `!` line: shell words (quotes, backslashes; `~` is `home`), an optional leading
 * `kubectl`, and the commands that need a terminal refused with what to do instead (`exec -i`/`-t`, `edit`,
 * `attach` want the terminal, `-f -` wants standard input). `logs -f` and `get -w` run, marked as streams: they
 * print into the pane until stopped (its stop key, or closing the pane).
 */
export function parseKubectlLine(line: string, opts: { home?: string } = {}): KubectlLine {
  const split = shellWords(line, opts);
  if ('error' in split) return { type: 'refuse', message: split.error };
  let words = split.words;
  if (words[0] === 'kubectl') words = words.slice(1);
  if (!words.length) return { type: 'empty' };
  const [command] = commandWords(words);
  const terminal = command === undefined ? undefined : TERMINAL_ONLY[command];
  if (terminal) return { type: 'refuse', message: terminal };
  if ((command === 'exec' || command === 'run' || command === 'debug') && (flagGiven(words, '--stdin', '-i', '-it', '-ti') || flagGiven(words, '--tty', '-t')))
    return { type: 'refuse', message: `kubectl ${command} -i/-t needs the terminal: press s on a pod for a shell, or run it in a terminal` };
  if (words.some((w, i) => w === '--filename=-' || w === '-f-' || ((w === '-f' || w === '--filename') && words[i + 1] === '-')))
    return { type: 'refuse', message: '-f - reads standard input, which the dashboard has not got: write the manifest to a file and use -f FILE' };
  const stream = (command === 'logs' && flagGiven(words, '--follow', '-f')) || (command === 'get' && (flagGiven(words, '--watch', '-w') || flagGiven(words, '--watch-only')));
  return stream ? { type: 'run', args: words, stream: true } : { type: 'run', args: words };
}

/** asTyped shows a `!` line as a terminal would run it: with the `kubectl` in front, whether typed or not. */
export function asTyped(line: string): string {
  return /^kubectl(\s|$)/.test(line) ? line : `kubectl ${line}`;
}

/**
 * suggestKubectl completes the command name of a `!` line as the `:` line completes kinds: the rest of the first
 * kubectl command that starts with what was typed (`sc` → `ale`); nothing once a blank follows the word.
 */
export function suggestKubectl(line: string): string | undefined {
  const m = /^(\s*(?:kubectl\s+)?)(\S+)$/.exec(line);
  if (!m) return undefined;
  const typed = m[2]!;
  if (typed === 'kubectl' && !m[1]) return undefined;
  if (KUBECTL_COMMANDS.includes(typed)) return undefined;
  // The optional `kubectl` itself first (`ku` → `bectl`), then the commands in kubectl's help order.
  const hit = (!m[1] && 'kubectl'.startsWith(typed) ? 'kubectl' : undefined) ?? KUBECTL_COMMANDS.find((c) => c.startsWith(typed));
  return hit ? hit.slice(typed.length) : undefined;
}

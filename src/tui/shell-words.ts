/**
 * ShellWords is a command line split as a POSIX shell splits it, or why it cannot be: a quote left open, or a part
 * only a shell can carry out (a pipe, a redirection, a variable), which this splitter does not pretend to do.
 */
export type ShellWords = { readonly words: string[] } | { readonly error: string };

/** The characters that mean something to a shell beyond words, and what they are, for the message. */
const SHELL_ONLY: Readonly<Record<string, string>> = {
  '|': 'a pipe',
  '>': 'a redirection',
  '<': 'a redirection',
  ';': 'a list of commands',
  '&': 'a background job or list',
  '$': 'a variable or substitution',
  '`': 'a command substitution',
  '(': 'a subshell',
  ')': 'a subshell',
};

/** Inside double quotes a backslash escapes only these (sh's rule); before anything else it stays. */
const DQ_ESCAPES = new Set(['$', '`', '"', '\\', '\n']);

/**
 * shellWords splits a command line into words as sh does: blanks separate words; '...' keeps everything literally;
 * "..." keeps everything but `\"`, `\\`, `\$` and `` \` ``; a backslash outside quotes takes the next character as
 * it is; quotes join with what is around them (`--from-literal=k='a b'` is one word) and `''` is an empty word; an
 * unquoted `~` starting a word is `home` when given. Unquoted pipes, redirections, `;`, `&`, `$` and backquotes are
 * refused, since running them needs a shell.
 */
export function shellWords(line: string, opts: { home?: string } = {}): ShellWords {
  const words: string[] = [];
  let word = '';
  // A word is under way even when empty so far (`''`).
  let inWord = false;
  let quote: "'" | '"' | undefined;
  const chars = [...line];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < chars.length && DQ_ESCAPES.has(chars[i + 1]!)) word += chars[++i]!;
      else if (c === '$' || c === '`') return { error: `${SHELL_ONLY[c]} (${c}) needs a shell: run it in a terminal` };
      else word += c;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= chars.length) return { error: 'the line ends with a backslash: nothing to escape' };
      word += chars[++i]!;
      inWord = true;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
      continue;
    }
    const shellOnly = SHELL_ONLY[c];
    if (shellOnly) return { error: `${shellOnly} (${c}) needs a shell: run it in a terminal, or quote the ${c}` };
    if (c === '~' && !inWord && opts.home !== undefined && (i + 1 >= chars.length || chars[i + 1] === '/' || /\s/.test(chars[i + 1]!))) {
      word += opts.home;
      inWord = true;
      continue;
    }
    word += c;
    inWord = true;
  }
  if (quote) return { error: `a ${quote === "'" ? 'single' : 'double'} quote is not closed` };
  if (inWord) words.push(word);
  return { words };
}

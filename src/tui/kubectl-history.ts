import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { minik9sHome } from '../profile/paths.js';

/** HISTORY_LIMIT is how many `!` command lines the history keeps, in the session and on disk. */
export const HISTORY_LIMIT = 100;

/** kubectlHistoryFile is where the `!` prompt's history lives: `$MINIK9S_HOME/kubectl_history`, one line each. */
export function kubectlHistoryFile(): string {
  return path.join(minik9sHome(), 'kubectl_history');
}

/**
 * remember adds a line to a history (oldest first) as shells do: blank lines and a repeat of the last line are not
 * added, and only the last `limit` lines are kept.
 */
export function remember(history: readonly string[], line: string, limit = HISTORY_LIMIT): readonly string[] {
  const l = line.trim();
  if (!l || history[history.length - 1] === l) return history;
  return [...history, l].slice(-limit);
}

/** readHistory reads a history file, oldest line first; a missing or unreadable file is an empty history. */
export function readHistory(file: string, limit = HISTORY_LIMIT): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').map((l) => l.trim()).filter(Boolean).slice(-limit);
}

/**
 * appendHistory adds a line to a history file, keeping its last `limit` lines. The file is read again first, so
 * that two dashboards open at once both keep their lines; it is replaced whole (a rename), never left half written.
 * A file that cannot be written is let go: the history is a convenience, the command has run.
 */
export function appendHistory(file: string, line: string, limit = HISTORY_LIMIT): void {
  if (carriesSecret(line)) return;
  const lines = remember(readHistory(file, limit), line, limit);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, lines.length ? `${lines.join('\n')}\n` : '', { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // A read-only home: the session keeps its history in memory.
    rmSync(tmp, { force: true });
  }
}

/**
 * carriesSecret tells a line that likely holds a credential (a Secret's literal values, a token, a password): it is
 * kept in the session's history but never written to disk.
 */
export function carriesSecret(line: string): boolean {
  return /\bsecret\b/i.test(line) || /--(token|password|from-literal|client-key)\b/.test(line);
}

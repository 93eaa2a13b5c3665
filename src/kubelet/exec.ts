import { type ShellContext, runCommand, runLine } from './shell.js';

/** ExecIO is where an exec session writes: the stdout and stderr streams, and its end with the exit code. */
export interface ExecIO {
  stdout(data: string): void;
  stderr(data: string): void;
  exit(code: number): void;
}

/** ExecOptions are the streams `kubectl exec` asked for. */
export interface ExecOptions {
  stdin: boolean;
  tty: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', '/bin/sh', '/bin/bash', '/bin/ash', '/usr/bin/bash']);

/**
 * ExecSession is one `kubectl exec` into a simulated container. A command runs once and reports its exit code;
 * a shell with stdin is interactive: with a TTY it echoes, edits the line (backspace, ctrl-c, ctrl-d) and
 * prints a prompt, as bash or sh would.
 */
export class ExecSession {
  private line = '';
  private done = false;
  private escape = 0;
  private readonly interactive: boolean;
  private readonly shell: string;

  constructor(
    private readonly ctx: ShellContext,
    private readonly argv: string[],
    private readonly opts: ExecOptions,
    private readonly io: ExecIO,
  ) {
    const first = argv[0] ?? '';
    this.shell = first.split('/').pop() ?? first;
    this.interactive = SHELLS.has(first) && argv.length === 1 && opts.stdin;
  }

  /** out converts newlines for a terminal (the TTY's onlcr) and writes. */
  private out(text: string, err = false): void {
    if (!text) return;
    const t = this.opts.tty ? text.replace(/\r?\n/g, '\r\n') : text;
    if (err && !this.opts.tty) this.io.stderr(t);
    else this.io.stdout(t);
  }

  private prompt(): void {
    if (!this.opts.tty) return;
    this.out(this.shell === 'bash' ? `root@${this.ctx.hostname}:${this.ctx.cwd}# ` : '# ');
  }

  private finish(code: number): void {
    if (this.done) return;
    this.done = true;
    this.io.exit(code);
  }

  start(): void {
    const cmd = this.argv[0];
    if (!cmd) {
      this.out('error: you must specify at least one command for the container\n', true);
      return this.finish(1);
    }
    const name = cmd.split('/').pop()!;
    if (!this.ctx.programs.has(name)) {
      // The runtime cannot start a program that is not in the image.
      this.out(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown\n`);
      return this.finish(126);
    }
    if (this.interactive) return this.prompt();
    const r = runCommand(this.argv, this.ctx);
    this.out(r.stdout);
    this.out(r.stderr, true);
    this.finish(r.code);
  }

  /** input feeds bytes the user typed (stdin channel). */
  input(data: string): void {
    if (this.done || !this.interactive) return;
    for (const ch of data) {
      const code = ch.charCodeAt(0);
      if (this.escape) {
        // Skip terminal escape sequences (arrow keys): ESC [ ... final letter.
        if (this.escape === 1 && ch === '[') this.escape = 2;
        else if (this.escape === 2 && /[A-Za-z~]/.test(ch)) this.escape = 0;
        else if (this.escape === 1) this.escape = 0;
        continue;
      }
      if (code === 0x1b) this.escape = 1;
      else if (ch === '\r' || ch === '\n') {
        if (this.opts.tty) this.out('\n');
        const line = this.line;
        this.line = '';
        const r = runLine(line, this.ctx);
        this.out(r.stdout);
        this.out(r.stderr, true);
        if (r.exit) {
          if (this.opts.tty && this.shell === 'bash') this.out('exit\n');
          return this.finish(r.code);
        }
        this.prompt();
      } else if (code === 0x7f || code === 0x08) {
        if (this.line) {
          this.line = this.line.slice(0, -1);
          if (this.opts.tty) this.io.stdout('\b \b');
        }
      } else if (code === 0x03) {
        this.line = '';
        if (this.opts.tty) this.io.stdout('^C\r\n');
        this.prompt();
      } else if (code === 0x04) {
        if (!this.line) {
          if (this.opts.tty && this.shell === 'bash') this.out('exit\n');
          return this.finish(Number(this.ctx.env['?'] ?? 0));
        }
      } else if (code >= 0x20) {
        this.line += ch;
        if (this.opts.tty) this.io.stdout(ch);
      }
    }
  }

  /** closeStdin ends an interactive session without a terminal once its input is consumed. */
  closeStdin(): void {
    if (this.done) return;
    if (this.line) this.input('\n');
    if (this.interactive) this.finish(Number(this.ctx.env['?'] ?? 0));
  }
}

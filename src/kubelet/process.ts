import { runLine, type ShellContext } from './shell.js';

/**
 * The main process of a simulated command container: a tiny sh that runs a container's command and args on the
 * cluster clock. It understands simple commands (through shell.ts), `;`, `&&`, `||`, newlines, `while`/`until`
 * loops, `for x in ...`, `if ... then ... else ... fi`, `$(...)`, `NAME=value`, `sleep` and `exit`. It is a
 * generator: it yields how long it sleeps (Infinity: it blocks forever) and returns its exit code, so the
 * kubelet needs one timer per sleeping process and none for a process that just runs.
 */
export type Process = Generator<number, number, void>;

/** ProcessIO is where a process writes its output (stdout and stderr both go to the container log). */
export interface ProcessIO {
  write(text: string): void;
}

type Seq = { stmts: Stmt[]; ops: string[] };
type Stmt =
  | { kind: 'simple'; text: string }
  | { kind: 'loop'; until: boolean; cond: Seq; body: Seq }
  | { kind: 'for'; name: string; items: string; body: Seq }
  | { kind: 'if'; cond: Seq; then: Seq; else?: Seq };

class ExitSignal {
  constructor(readonly code: number) {}
}

/** split cuts a script into pieces at top-level `;`, newlines, `&&` and `||`, honouring quotes and `$(...)`. */
function split(script: string): { text: string; op: string }[] {
  const out: { text: string; op: string }[] = [];
  let cur = '';
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (quote) {
      cur += ch;
      if (ch === '\\' && quote === '"' && i + 1 < script.length) cur += script[++i];
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === '$' && script[i + 1] === '(') {
      depth++;
      cur += '$(';
      i++;
    } else if (ch === ')' && depth > 0) {
      depth--;
      cur += ch;
    } else if (depth === 0 && (ch === ';' || ch === '\n')) {
      out.push({ text: cur.trim(), op: ';' });
      cur = '';
    } else if (depth === 0 && (script.startsWith('&&', i) || script.startsWith('||', i))) {
      out.push({ text: cur.trim(), op: script.slice(i, i + 2) });
      cur = '';
      i++;
    } else if (ch === '\\' && script[i + 1] === '\n') {
      i++;
    } else cur += ch;
  }
  out.push({ text: cur.trim(), op: ';' });
  return out;
}

const firstWord = (t: string) => /^\S+/.exec(t)?.[0] ?? '';
const rest = (t: string) => t.replace(/^\S+\s*/, '');

/** parse turns a script into statements. Unclosed blocks end at the end of the script, as a forgiving sh. */
export function parse(script: string): Seq {
  const pieces = split(script);
  let pos = 0;
  // Piece text may start with a keyword (`do echo x`): take the keyword off and leave the rest in place.
  const take = (kw: string): boolean => {
    const p = pieces[pos];
    if (!p || firstWord(p.text) !== kw) return false;
    const r = rest(p.text);
    if (r) p.text = r;
    else pos++;
    return true;
  };
  const seq = (ends: string[]): Seq => {
    const s: Seq = { stmts: [], ops: [] };
    let op = ';';
    while (pos < pieces.length) {
      const p = pieces[pos]!;
      const w = firstWord(p.text);
      if (ends.includes(w)) break;
      let st: Stmt | undefined;
      if (w === 'while' || w === 'until') {
        p.text = rest(p.text);
        const cond = seq(['do']);
        take('do');
        const body = seq(['done']);
        take('done');
        st = { kind: 'loop', until: w === 'until', cond, body };
      } else if (w === 'for') {
        const m = /^for\s+(\w+)(?:\s+in\s+(.*))?$/.exec(p.text);
        pos++;
        take('do');
        const body = seq(['done']);
        take('done');
        st = { kind: 'for', name: m?.[1] ?? '_', items: m?.[2] ?? '', body };
      } else if (w === 'if') {
        p.text = rest(p.text);
        const cond = seq(['then']);
        take('then');
        const then = seq(['else', 'fi']);
        let els: Seq | undefined;
        if (take('else')) els = seq(['fi']);
        take('fi');
        st = { kind: 'if', cond, then, else: els };
      } else {
        pos++;
        if (p.text) st = { kind: 'simple', text: p.text };
      }
      if (st) {
        s.stmts.push(st);
        s.ops.push(op);
      }
      op = pieces[pos - 1]?.op ?? ';';
    }
    return s;
  };
  return seq([]);
}

/** sleepMs reads sleep's operand: `5`, `0.5`, `2m`, `1h`, `infinity`. */
function sleepMs(arg: string | undefined): number {
  if (!arg) return 0;
  if (arg === 'infinity' || arg === 'inf') return Infinity;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return 0;
  const mult = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * mult);
}

/** substitute replaces `$(cmd)` by cmd's output (trailing newlines trimmed), outside single quotes. */
function substitute(text: string, ctx: ShellContext): string {
  let out = '';
  let single = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") single = !single;
    if (!single && ch === '$' && text[i + 1] === '(' && text[i + 2] !== '(') {
      let depth = 1;
      let j = i + 2;
      for (; j < text.length && depth; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')') depth--;
      }
      out += runLine(text.slice(i + 2, j - 1), ctx).stdout.replace(/\n+$/, '');
      i = j - 1;
    } else if (!single && ch === '$' && text.startsWith('$((', i)) {
      const end = text.indexOf('))', i);
      const expr = text.slice(i + 3, end < 0 ? text.length : end).replace(/\$?([A-Za-z_]\w*)/g, (_, v: string) => ctx.env[v] ?? '0');
      out += /^[\d\s+\-*/%()]+$/.test(expr) ? String(Math.trunc(Function(`return (${expr})`)() as number)) : '0';
      i = end < 0 ? text.length : end + 1;
    } else out += ch;
  }
  return out;
}

function* runSimple(text: string, ctx: ShellContext, io: ProcessIO): Generator<number, number, void> {
  const line = substitute(text, ctx);
  const assign = /^([A-Za-z_]\w*)=(.*)$/.exec(line);
  if (assign && !/\s/.test(assign[2]!.replace(/^(['"]).*\1$/, ''))) {
    ctx.env[assign[1]!] = assign[2]!.replace(/^(['"])(.*)\1$/, '$2');
    return 0;
  }
  const w = firstWord(line);
  const name = w.split('/').pop();
  if (name === 'sleep') {
    const ms = sleepMs(rest(line).split(/\s+/)[0]);
    if (ms > 0) yield ms;
    return 0;
  }
  if (name === 'exit') {
    const arg = rest(line).trim();
    throw new ExitSignal(arg ? Number(arg) & 255 : Number(ctx.env['?'] ?? 0));
  }
  if ((name === 'sh' || name === 'bash' || name === 'ash') && /^\S+\s+-c\s/.test(line)) {
    const r = runLine(`echo ${rest(line).replace(/^-c\s+/, '')}`, { ...ctx, env: { ...ctx.env } });
    return yield* runSeq(parse(r.stdout.replace(/\n$/, '')), ctx, io);
  }
  const r = runLine(line, ctx);
  if (r.stdout) io.write(r.stdout);
  if (r.stderr) io.write(r.stderr);
  if (r.exit) throw new ExitSignal(r.code);
  return r.code;
}

/** A loop that goes round this often without sleeping is a busy loop: it runs on, printing nothing more. */
const BUSY_LIMIT = 1000;

function* runStmt(st: Stmt, ctx: ShellContext, io: ProcessIO): Generator<number, number, void> {
  switch (st.kind) {
    case 'simple':
      return yield* runSimple(st.text, ctx, io);
    case 'if': {
      const c = yield* runSeq(st.cond, ctx, io);
      if (c === 0) return yield* runSeq(st.then, ctx, io);
      return st.else ? yield* runSeq(st.else, ctx, io) : 0;
    }
    case 'for': {
      let code = 0;
      const items = runLine(`echo ${st.items}`, { ...ctx, env: { ...ctx.env } }).stdout.trim().split(/\s+/).filter(Boolean);
      for (const it of items) {
        ctx.env[st.name] = it;
        code = yield* runSeq(st.body, ctx, io);
      }
      return code;
    }
    case 'loop': {
      let code = 0;
      let idle = 0;
      for (;;) {
        let slept = false;
        const c = yield* track(runSeq(st.cond, ctx, io), () => (slept = true));
        if ((c === 0) === st.until) return code;
        code = yield* track(runSeq(st.body, ctx, io), () => (slept = true));
        idle = slept ? 0 : idle + 1;
        if (idle >= BUSY_LIMIT) {
          yield Infinity;
          return code;
        }
      }
    }
  }
}

function* track(g: Generator<number, number, void>, onYield: () => void): Generator<number, number, void> {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
    onYield();
    yield r.value;
  }
}

function* runSeq(seq: Seq, ctx: ShellContext, io: ProcessIO): Generator<number, number, void> {
  let code = 0;
  for (let i = 0; i < seq.stmts.length; i++) {
    const op = seq.ops[i] ?? ';';
    if ((op === '&&' && code !== 0) || (op === '||' && code === 0)) continue;
    code = yield* runStmt(seq.stmts[i]!, ctx, io);
    ctx.env['?'] = String(code);
  }
  return code;
}

const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/**
 * startProcess runs argv (command + args, already `$(VAR)`-expanded) as the container's PID 1. A shell with
 * `-c` runs its script; a bare shell has no stdin and exits at once; any other program runs as one command.
 */
export function startProcess(argv: string[], ctx: ShellContext, io: ProcessIO): Process {
  return (function* () {
    try {
      const name = (argv[0] ?? '').split('/').pop() ?? '';
      if (SHELLS.has(name)) {
        if (argv[1] !== '-c') return 0;
        return yield* runSeq(parse(argv[2] ?? ''), ctx, io);
      }
      return yield* runSeq({ stmts: [{ kind: 'simple', text: argv.map(quote).join(' ') }], ops: [';'] }, ctx, io);
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      throw e;
    }
  })();
}

/**
 * The simulated container's shell: enough of sh and coreutils for what a learner types in `kubectl exec`
 * (ls, cat, env, printenv, hostname, ps, echo, pwd, cd, whoami, id, date, uname, exit, sh -c with ; && ||,
 * quotes and $VAR). It is an interpreter over a small virtual file system, not a process: nothing runs.
 * Written by hand because no library simulates a container's userland; it only needs to be believable.
 * nslookup, curl and wget (net-tools.ts) reach the cluster's simulated DNS and Services, never a real network.
 */

import type { PodNetwork } from '../proxy/pod-network.js';
import { curl, nslookup, redisCli, wget } from './net-tools.js';

/** ShellContext is the container as the shell sees it. */
/** Files is what the shell needs of a file system: a Map of absolute path → content, or a mounted view of one. */
export interface Files {
  get(path: string): string | undefined;
  set(path: string, content: string): unknown;
  has(path: string): boolean;
  delete(path: string): boolean;
  keys(): IterableIterator<string>;
}

export interface ShellContext {
  hostname: string;
  env: Record<string, string>;
  /** Absolute path → file content. Directories are implied by the paths (plus `dirs`). */
  files: Files;
  dirs: Set<string>;
  processes: { pid: number; user: string; command: string }[];
  cwd: string;
  now: () => number;
  /** The programs on PATH; others are "not found". */
  programs: Set<string>;
  /** The pod's network (cluster DNS, Services, pods) for nslookup, curl and wget. */
  net?: PodNetwork;
}

/** ShellResult is what one command line produced. */
export interface ShellResult {
  stdout: string;
  stderr: string;
  code: number;
  /** The line asked the shell to end (exit). */
  exit?: boolean;
}

const ok = (stdout = ''): ShellResult => ({ stdout, stderr: '', code: 0 });
const fail = (stderr: string, code = 1): ShellResult => ({ stdout: '', stderr, code });

/** The programs every simulated image has. */
export const BASE_PROGRAMS = ['sh', 'bash', 'ls', 'cat', 'env', 'printenv', 'hostname', 'ps', 'echo', 'pwd', 'whoami', 'id', 'date', 'uname', 'true', 'false', 'sleep', 'head', 'tail', 'wc', 'mkdir', 'touch', 'rm'];

/** normalize resolves a path against cwd (. and ..). */
export function normalize(p: string, cwd: string): string {
  const parts = (p.startsWith('/') ? p : `${cwd}/${p}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

function isDir(ctx: ShellContext, p: string): boolean {
  if (p === '/' || ctx.dirs.has(p)) return true;
  const prefix = p.endsWith('/') ? p : `${p}/`;
  for (const f of ctx.files.keys()) if (f.startsWith(prefix)) return true;
  return false;
}

function children(ctx: ShellContext, dir: string): string[] {
  const prefix = dir === '/' ? '/' : `${dir}/`;
  const names = new Set<string>();
  for (const p of [...ctx.files.keys(), ...ctx.dirs]) {
    if (p.startsWith(prefix) && p !== dir) {
      const rest = p.slice(prefix.length);
      const name = rest.split('/')[0];
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}

/** tokenize splits a command line into words and operators, honouring quotes, escapes and $VAR. */
export function tokenize(line: string, env: Record<string, string>): { words: string[]; ops: string[] } | { error: string } {
  const words: string[][] = [[]];
  const ops: string[] = [];
  let cur = '';
  let has = false;
  let i = 0;
  const push = () => {
    if (has) words[words.length - 1]!.push(cur);
    cur = '';
    has = false;
  };
  const expand = (from: number): [string, number] => {
    if (line[from + 1] === '{') {
      const end = line.indexOf('}', from);
      if (end < 0) return ['$', from + 1];
      return [env[line.slice(from + 2, end)] ?? '', end + 1];
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*|^\?/.exec(line.slice(from + 1));
    if (!m) return ['$', from + 1];
    return [m[0] === '?' ? env['?'] ?? '0' : env[m[0]] ?? '', from + 1 + m[0].length];
  };
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { error: 'Syntax error: Unterminated quoted string' };
      cur += line.slice(i + 1, end);
      has = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      has = true;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          cur += line[i + 1];
          i += 2;
        } else if (line[i] === '$') {
          const [v, next] = expand(i);
          cur += v;
          i = next;
        } else cur += line[i++];
      }
      if (i >= line.length) return { error: 'Syntax error: Unterminated quoted string' };
      i++;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[i + 1];
      has = true;
      i += 2;
    } else if (ch === '$') {
      const [v, next] = expand(i);
      cur += v;
      has = has || v.length > 0;
      i = next;
    } else if (ch === ' ' || ch === '\t') {
      push();
      i++;
    } else if (ch === ';' || ch === '&' || ch === '|') {
      push();
      const two = line.slice(i, i + 2);
      const op = two === '&&' || two === '||' ? two : ch;
      if (op === '&' || op === '|') return { error: `Syntax error: "${op}" is not supported by this shell` };
      ops.push(op);
      words.push([]);
      i += op.length;
    } else if (ch === '>') {
      // Output redirection: `> file`, `>> file`, `2> file` (a lone 2 just before it names stderr).
      const fd = has && cur === '2' ? '2' : '';
      if (fd) {
        cur = '';
        has = false;
      } else push();
      const op = line[i + 1] === '>' ? '>>' : '>';
      words[words.length - 1]!.push(`${REDIRECT}${fd}${op}`);
      i += op.length;
    } else if (ch === '#' && !has) {
      break;
    } else {
      cur += ch;
      has = true;
      i++;
    }
  }
  push();
  return { words: words.map((w) => w.join('\u0000')), ops };
}

/** REDIRECT marks a redirection operator among a command's words (no word a user types can hold it). */
const REDIRECT = '\u0001';

/**
 * redirected runs argv with its redirections (`> f`, `>> f`, `2> f`, `> /dev/null`): the output goes to the
 * files instead, created or appended, as dash does; a file in a directory that does not exist is an error.
 */
function redirected(argv: string[], ctx: ShellContext): ShellResult {
  const words: string[] = [];
  const to: { fd: '1' | '2'; append: boolean; path: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (!w.startsWith(REDIRECT)) {
      words.push(w);
      continue;
    }
    const path = argv[++i];
    if (path === undefined || path.startsWith(REDIRECT)) return fail('sh: 1: Syntax error: newline unexpected\n', 2);
    const op = w.slice(1);
    to.push({ fd: op.startsWith('2') ? '2' : '1', append: op.endsWith('>>'), path });
  }
  // The files are opened before the command runs: a bad target means the command never runs.
  for (const r of to) {
    const abs = normalize(r.path, ctx.cwd);
    if (abs === '/dev/null') continue;
    if (isDir(ctx, abs)) return fail(`sh: 1: cannot create ${r.path}: Is a directory\n`, 2);
    const parent = abs.slice(0, abs.lastIndexOf('/')) || '/';
    if (!isDir(ctx, parent)) return fail(`sh: 1: cannot create ${r.path}: Directory nonexistent\n`, 2);
    if (!r.append || !ctx.files.has(abs)) ctx.files.set(abs, '');
  }
  const res = words.length ? runCommand(words, ctx) : ok();
  let { stdout, stderr } = res;
  for (const r of to) {
    const abs = normalize(r.path, ctx.cwd);
    const text = r.fd === '1' ? stdout : stderr;
    if (r.fd === '1') stdout = '';
    else stderr = '';
    if (abs !== '/dev/null') ctx.files.set(abs, (ctx.files.get(abs) ?? '') + text);
  }
  return { ...res, stdout, stderr };
}

/** runLine runs a shell command line (`a; b && c || d`), as `sh -c` would. */
export function runLine(line: string, ctx: ShellContext): ShellResult {
  const t = tokenize(line, ctx.env);
  if ('error' in t) return fail(`sh: 1: ${t.error}\n`, 2);
  let stdout = '';
  let stderr = '';
  let code = 0;
  for (let i = 0; i < t.words.length; i++) {
    const argv = t.words[i]!.split('\u0000').filter((w, j, a) => !(w === '' && a.length === 1));
    const op = i === 0 ? ';' : t.ops[i - 1]!;
    if ((op === '&&' && code !== 0) || (op === '||' && code === 0)) continue;
    if (!argv.length) continue;
    const r = argv.some((w) => w.startsWith(REDIRECT)) ? redirected(argv, ctx) : runCommand(argv, ctx);
    stdout += r.stdout;
    stderr += r.stderr;
    code = r.code;
    ctx.env['?'] = String(code);
    if (r.exit) return { stdout, stderr, code, exit: true };
  }
  return { stdout, stderr, code };
}

function fmtDate(ms: number): string {
  const d = new Date(ms);
  const day = d.toUTCString().slice(0, 3);
  const mon = d.toUTCString().slice(8, 11);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** runCommand runs one program with its arguments. */
export function runCommand(argv: string[], ctx: ShellContext): ShellResult {
  const [cmd, ...args] = argv as [string, ...string[]];
  const name = cmd.includes('/') ? cmd.split('/').pop()! : cmd;
  if (!ctx.programs.has(name)) {
    if (cmd === 'cd' || cmd === 'exit' || cmd === 'export') {
      // shell builtins below
    } else return fail(`sh: 1: ${cmd}: not found\n`, 127);
  }
  switch (name) {
    case 'nslookup':
      return nslookup(args, ctx.net);
    case 'redis-cli':
      return redisCli(args, ctx.net);
    case 'curl':
    case 'wget': {
      const r = name === 'curl' ? curl(args, ctx.net) : wget(args, ctx.net, ctx.cwd);
      for (const [path, text] of r.files ?? []) ctx.files.set(normalize(path, ctx.cwd), text);
      return { stdout: r.stdout, stderr: r.stderr, code: r.code };
    }
    case 'sh':
    case 'bash': {
      if (args[0] === '-c') return runLine(args[1] ?? '', ctx);
      return ok();
    }
    case 'echo': {
      const noNewline = args[0] === '-n';
      const text = (noNewline ? args.slice(1) : args).join(' ');
      return ok(noNewline ? text : `${text}\n`);
    }
    case 'true':
      return ok();
    case 'false':
      return { stdout: '', stderr: '', code: 1 };
    case 'exit': {
      const n = args[0] !== undefined ? Number(args[0]) & 255 : Number(ctx.env['?'] ?? 0);
      return { stdout: '', stderr: '', code: Number.isNaN(n) ? 2 : n, exit: true };
    }
    case 'pwd':
      return ok(`${ctx.cwd}\n`);
    case 'cd': {
      const target = normalize(args[0] ?? ctx.env.HOME ?? '/', ctx.cwd);
      if (!isDir(ctx, target)) return fail(`sh: 1: cd: can't cd to ${args[0]}\n`, 2);
      ctx.cwd = target;
      return ok();
    }
    case 'export': {
      for (const a of args) {
        const eq = a.indexOf('=');
        if (eq > 0) ctx.env[a.slice(0, eq)] = a.slice(eq + 1);
      }
      return ok();
    }
    case 'hostname':
      return ok(`${ctx.hostname}\n`);
    case 'whoami':
      return ok('root\n');
    case 'id':
      return ok('uid=0(root) gid=0(root) groups=0(root)\n');
    case 'date':
      return ok(`${fmtDate(ctx.now())}\n`);
    case 'uname':
      return ok(args.includes('-a') ? `Linux ${ctx.hostname} 6.8.0 #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux\n` : 'Linux\n');
    case 'sleep':
      return ok();
    case 'nginx':
      if (args[0] === '-v' || args[0] === '-V') return { stdout: '', stderr: `nginx version: nginx/${ctx.env.NGINX_VERSION ?? '1.29.3'}\n`, code: 0 };
      return fail('nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n');
    case 'env':
    case 'printenv': {
      const env = Object.entries(ctx.env).filter(([k]) => k !== '?');
      if (name === 'printenv' && args.length) {
        const vals = args.map((a) => ctx.env[a]).filter((v): v is string => v !== undefined);
        return { stdout: vals.map((v) => `${v}\n`).join(''), stderr: '', code: vals.length === args.length ? 0 : 1 };
      }
      return ok(env.map(([k, v]) => `${k}=${v}\n`).join(''));
    }
    case 'ps': {
      const rows = ctx.processes.map((p) => `${String(p.pid).padStart(5)} ${p.user.padEnd(8)} 0:00 ${p.command}`);
      return ok(`  PID USER     TIME  COMMAND\n${rows.join('\n')}\n`);
    }
    case 'ls': {
      const flags = args.filter((a) => a.startsWith('-')).join('');
      const long = flags.includes('l');
      const all = flags.includes('a');
      const paths = args.filter((a) => !a.startsWith('-'));
      let stdout = '';
      let stderr = '';
      let code = 0;
      const targets = paths.length ? paths : ['.'];
      for (const [idx, p] of targets.entries()) {
        const abs = normalize(p, ctx.cwd);
        if (ctx.files.has(abs)) {
          stdout += long ? `-rw-r--r-- 1 root root ${String(ctx.files.get(abs)!.length).padStart(5)} Jan  1 00:00 ${p}\n` : `${p}\n`;
          continue;
        }
        if (!isDir(ctx, abs)) {
          stderr += `ls: cannot access '${p}': No such file or directory\n`;
          code = 2;
          continue;
        }
        if (targets.length > 1) stdout += `${idx ? '\n' : ''}${p}:\n`;
        const names = [...(all ? ['.', '..'] : []), ...children(ctx, abs)];
        if (long) {
          stdout += `total ${names.length * 4}\n`;
          for (const n of names) {
            const full = normalize(n, abs);
            const dir = n === '.' || n === '..' || isDir(ctx, full);
            const size = dir ? 4096 : (ctx.files.get(full)?.length ?? 0);
            stdout += `${dir ? 'drwxr-xr-x' : '-rw-r--r--'} ${dir ? 2 : 1} root root ${String(size).padStart(5)} Jan  1 00:00 ${n}\n`;
          }
        } else stdout += names.length ? `${names.join('\n')}\n` : '';
      }
      return { stdout, stderr, code };
    }
    case 'cat':
    case 'head':
    case 'tail':
    case 'wc': {
      let stdout = '';
      let stderr = '';
      let code = 0;
      for (const p of args.filter((a) => !a.startsWith('-'))) {
        const abs = normalize(p, ctx.cwd);
        const content = ctx.files.get(abs);
        if (content === undefined) {
          stderr += `${name}: ${p}: ${isDir(ctx, abs) ? 'Is a directory' : 'No such file or directory'}\n`;
          code = 1;
          continue;
        }
        const lines = content.split('\n');
        if (content.endsWith('\n')) lines.pop();
        if (name === 'cat') stdout += content;
        else if (name === 'head') stdout += lines.slice(0, 10).map((l) => `${l}\n`).join('');
        else if (name === 'tail') stdout += lines.slice(-10).map((l) => `${l}\n`).join('');
        else stdout += `${String(lines.length).padStart(2)} ${content.split(/\s+/).filter(Boolean).length} ${content.length} ${p}\n`;
      }
      return { stdout, stderr, code };
    }
    case 'mkdir':
      for (const p of args.filter((a) => !a.startsWith('-'))) ctx.dirs.add(normalize(p, ctx.cwd));
      return ok();
    case 'touch':
      for (const p of args) {
        const abs = normalize(p, ctx.cwd);
        if (!ctx.files.has(abs)) ctx.files.set(abs, '');
      }
      return ok();
    case 'rm':
      for (const p of args.filter((a) => !a.startsWith('-'))) {
        const abs = normalize(p, ctx.cwd);
        if (!ctx.files.delete(abs) && !args.includes('-f') && !args.includes('-rf')) return fail(`rm: cannot remove '${p}': No such file or directory\n`);
      }
      return ok();
    default:
      return { stdout: '', stderr: '', code: 0 };
  }
}

import { describe, it, expect } from 'vitest';
import { runLine, tokenize, normalize, BASE_PROGRAMS, type ShellContext } from '../../src/kubelet/shell.js';
import { ExecSession } from '../../src/kubelet/exec.js';
import { serviceEnv } from '../../src/kubelet/container-env.js';

function ctx(): ShellContext {
  return {
    hostname: 'web-1',
    env: { PATH: '/usr/bin:/bin', HOME: '/root', GREETING: 'hello world' },
    files: new Map([
      ['/etc/hostname', 'web-1\n'],
      ['/usr/share/nginx/html/index.html', '<h1>hi</h1>\n'],
    ]),
    dirs: new Set(['/tmp', '/etc']),
    processes: [{ pid: 1, user: 'root', command: 'nginx: master process nginx -g daemon off;' }],
    cwd: '/',
    now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
    programs: new Set(BASE_PROGRAMS),
  };
}

describe('the simulated shell', () => {
  it('redirects output to files: > creates or truncates, >> appends, 2> takes stderr, /dev/null discards', () => {
    const c = ctx();
    expect(runLine('echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f', c)).toEqual({ stdout: 'one\ntwo\n', stderr: '', code: 0 });
    expect(runLine('echo fresh >/tmp/f && cat /tmp/f', c).stdout).toBe('fresh\n');
    expect(runLine('echo "<h1>mine</h1>" > /usr/share/nginx/html/index.html; cat /usr/share/nginx/html/index.html', c).stdout).toBe('<h1>mine</h1>\n');
    expect(runLine('cat /missing 2> /tmp/err; cat /tmp/err', c)).toEqual({ stdout: 'cat: /missing: No such file or directory\n', stderr: '', code: 0 });
    expect(runLine('cat /missing 2>/dev/null', c)).toEqual({ stdout: '', stderr: '', code: 1 });
    expect(runLine('echo hidden > /dev/null', c)).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(runLine('cd /tmp && echo rel > note && cat /tmp/note', c).stdout).toBe('rel\n');
  });

  it('refuses a redirection into a directory that does not exist, or onto a directory, as dash does', () => {
    expect(runLine('echo x > /nope/f', ctx())).toEqual({ stdout: '', stderr: 'sh: 1: cannot create /nope/f: Directory nonexistent\n', code: 2 });
    expect(runLine('echo x > /tmp', ctx())).toEqual({ stdout: '', stderr: 'sh: 1: cannot create /tmp: Is a directory\n', code: 2 });
    expect(runLine('echo x >', ctx())).toEqual({ stdout: '', stderr: 'sh: 1: Syntax error: newline unexpected\n', code: 2 });
    expect(runLine("echo 'a > b'", ctx()).stdout).toBe('a > b\n');
  });

  it.each([
    ['echo hi there', 'hi there\n', 0],
    ['echo -n x', 'x', 0],
    ['echo "$GREETING"', 'hello world\n', 0],
    ["echo '$GREETING'", '$GREETING\n', 0],
    ['echo ${HOME}/x', '/root/x\n', 0],
    ['hostname', 'web-1\n', 0],
    ['cat /etc/hostname', 'web-1\n', 0],
    ['ls /usr/share/nginx/html', 'index.html\n', 0],
    ['cd /usr/share/nginx && pwd', '/usr/share/nginx\n', 0],
    ['false || echo recovered', 'recovered\n', 0],
    ['false && echo never', '', 1],
    ['true; echo $?', '0\n', 0],
    ['whoami', 'root\n', 0],
    ['date', 'Fri Jan  2 03:04:05 UTC 2026\n', 0],
    ['printenv GREETING', 'hello world\n', 0],
  ])('%s', (line, stdout, code) => {
    const r = runLine(line, ctx());
    expect(r.stdout).toBe(stdout);
    expect(r.code).toBe(code);
  });

  it.each([
    ['cat /nope', 'cat: /nope: No such file or directory\n', 1],
    ['ls /nope', "ls: cannot access '/nope': No such file or directory\n", 2],
    ['curlx', 'sh: 1: curlx: not found\n', 127],
    ['cd /nope', "sh: 1: cd: can't cd to /nope\n", 2],
    ['echo "unterminated', 'sh: 1: Syntax error: Unterminated quoted string\n', 2],
  ])('%s fails like sh', (line, stderr, code) => {
    const r = runLine(line, ctx());
    expect(r.stderr).toBe(stderr);
    expect(r.code).toBe(code);
  });

  it('exit ends the shell with its code, ps lists the processes', () => {
    expect(runLine('exit 7', ctx())).toMatchObject({ exit: true, code: 7 });
    expect(runLine('ps', ctx()).stdout).toBe('  PID USER     TIME  COMMAND\n    1 root     0:00 nginx: master process nginx -g daemon off;\n');
  });

  it('tokenizes quotes and operators', () => {
    expect(tokenize(`a 'b c' "d $X" ; e && f`, { X: 'x' })).toEqual({ words: ['a\u0000b c\u0000d x', 'e', 'f'], ops: [';', '&&'] });
    expect(normalize('../etc/./hosts', '/usr/share')).toBe('/usr/etc/hosts');
  });
});

describe('an exec session', () => {
  function session(argv: string[], opts = { stdin: true, tty: true }) {
    const out: string[] = [];
    let code: number | undefined;
    const s = new ExecSession(ctx(), argv, opts, { stdout: (d) => out.push(d), stderr: (d) => out.push(`ERR:${d}`), exit: (c) => (code = c) });
    s.start();
    return { s, out: () => out.join(''), code: () => code };
  }

  it('runs a command once and reports its exit code', () => {
    const r = session(['sh', '-c', 'echo a; exit 2'], { stdin: false, tty: false });
    expect(r.out()).toBe('a\n');
    expect(r.code()).toBe(2);
  });

  it('refuses a program the image does not have, as the runtime does (126)', () => {
    const r = session(['curl'], { stdin: false, tty: false });
    expect(r.out()).toBe('OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown\n');
    expect(r.code()).toBe(126);
  });

  it('is interactive on a TTY: prompt, echo, backspace, ctrl-c, exit', () => {
    const r = session(['bash']);
    expect(r.out()).toBe('root@web-1:/# ');
    r.s.input('hostnamx\u007fe\r');
    expect(r.out()).toBe('root@web-1:/# hostnamx\b \be\r\nweb-1\r\nroot@web-1:/# ');
    r.s.input('abc\u0003');
    expect(r.out().endsWith('abc^C\r\nroot@web-1:/# ')).toBe(true);
    r.s.input('exit 5\r');
    expect(r.out().endsWith('exit 5\r\nexit\r\n')).toBe(true);
    expect(r.code()).toBe(5);
  });

  it('reads piped stdin without a TTY and ends when stdin closes', () => {
    const r = session(['sh'], { stdin: true, tty: false });
    r.s.input('echo one\necho two\n');
    r.s.closeStdin();
    expect(r.out()).toBe('one\ntwo\n');
    expect(r.code()).toBe(0);
  });
});

describe('service environment variables', () => {
  it('are docker-link style, per port', () => {
    const env = serviceEnv([
      { metadata: { name: 'my-svc' }, spec: { clusterIP: '10.96.1.2', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } },
      { metadata: { name: 'headless' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } },
    ]);
    expect(env).toEqual({
      MY_SVC_SERVICE_HOST: '10.96.1.2',
      MY_SVC_SERVICE_PORT: '80',
      MY_SVC_SERVICE_PORT_HTTP: '80',
      MY_SVC_PORT: 'tcp://10.96.1.2:80',
      MY_SVC_PORT_80_TCP: 'tcp://10.96.1.2:80',
      MY_SVC_PORT_80_TCP_PROTO: 'tcp',
      MY_SVC_PORT_80_TCP_PORT: '80',
      MY_SVC_PORT_80_TCP_ADDR: '10.96.1.2',
    });
  });
});

import type { PodNetwork } from '../proxy/pod-network.js';

/** The result of one program, as the simulated shell takes it. */
interface Result {
  stdout: string;
  stderr: string;
  code: number;
  /** Files the program wrote (wget without -O -). */
  files?: [string, string][];
}

const STATUS: Record<number, string> = { 200: 'OK', 404: 'Not Found', 405: 'Not Allowed', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable' };

/** parseURL reads `http://host[:port]/path`, `host/path` (curl's default scheme) or `host:port`. */
function parseURL(raw: string): { host: string; port: number; path: string } | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/.exec(raw);
  if (!m) return undefined;
  const [, scheme, host, port, rest] = m;
  return { host: host!, port: port ? Number(port) : scheme === 'https' ? 443 : 80, path: rest && rest.startsWith('/') ? rest : `/${rest ?? ''}` };
}

/** nslookup NAME, as busybox prints it, asking the cluster DNS. */
export function nslookup(args: string[], net: PodNetwork | undefined): Result {
  const name = args.find((a) => !a.startsWith('-'));
  if (!name) return { stdout: '', stderr: 'BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n', code: 1 };
  if (!net) return { stdout: '', stderr: `nslookup: can't connect to remote host: Network is unreachable\n`, code: 1 };
  const head = `Server:\t\t${net.nameserver}\nAddress:\t${net.nameserver}:53\n\n`;
  const a = net.resolve(name);
  if (!a) return { stdout: head, stderr: `** server can't find ${name}: NXDOMAIN\n\n`, code: 1 };
  if (a.cname) return { stdout: `${head}${a.name}\tcanonical name = ${a.cname}\n\n`, stderr: '', code: 0 };
  return { stdout: `${head}Name:\t${a.name}\n${a.addresses.map((ip) => `Address: ${ip}`).join('\n')}\n\n`, stderr: '', code: 0 };
}

/** curl [-s] [-i] [-I] [-v] [-X METHOD] [-H 'K: V']... [-d DATA] [-o FILE] URL: one request, printed as curl does. */
export function curl(args: string[], net: PodNetwork | undefined): Result {
  let method: string | undefined;
  let include = false;
  let headOnly = false;
  let silent = false;
  let failOnError = false;
  let data: string | undefined;
  let output: string | undefined;
  const headers: Record<string, string> = {};
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-X' || a === '--request') method = args[++i];
    else if (a === '-H' || a === '--header') {
      const [k, ...v] = (args[++i] ?? '').split(':');
      if (k) headers[k.trim().toLowerCase()] = v.join(':').trim();
    } else if (a === '-d' || a === '--data' || a === '--data-raw') data = args[++i];
    else if (a === '-o' || a === '--output') output = args[++i];
    else if (a === '-i' || a === '--include') include = true;
    else if (a === '-I' || a === '--head') headOnly = true;
    else if (a === '-f' || a === '--fail') failOnError = true;
    else if (/^-[sSifLvkI]+$/.test(a)) {
      if (a.includes('s')) silent = true;
      if (a.includes('i')) include = true;
      if (a.includes('I')) headOnly = true;
      if (a.includes('f')) failOnError = true;
    } else if (a === '--silent') silent = true;
    else if (!a.startsWith('-')) url = a;
  }
  if (!url) return { stdout: '', stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n", code: 2 };
  const u = parseURL(url);
  if (!u) return { stdout: '', stderr: `curl: (3) URL rejected: Malformed input to a URL function\n`, code: 3 };
  if (!net) return { stdout: '', stderr: `curl: (6) Could not resolve host: ${u.host}\n`, code: 6 };
  const m = method ?? (headOnly ? 'HEAD' : data !== undefined ? 'POST' : 'GET');
  const body = Buffer.from(data ?? '');
  const reqHeaders: Record<string, string> = { host: u.port === 80 ? u.host : `${u.host}:${u.port}`, 'user-agent': 'curl/8.14.1', accept: '*/*', ...headers };
  if (data !== undefined) {
    reqHeaders['content-length'] = String(body.length);
    reqHeaders['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  const x = net.http(u.host, u.port, { method: m, url: u.path, httpVersion: '1.1', headers: reqHeaders, body });
  if ('error' in x) {
    if (x.error === 'resolve') return { stdout: '', stderr: `curl: (6) Could not resolve host: ${u.host}\n`, code: 6 };
    const why = x.error === 'refused' ? "Couldn't connect to server" : 'Connection timed out';
    return { stdout: '', stderr: `curl: (${x.error === 'refused' ? 7 : 28}) Failed to connect to ${u.host} port ${u.port} after ${x.error === 'refused' ? 0 : 134000} ms: ${why}\n`, code: x.error === 'refused' ? 7 : 28 };
  }
  const res = x.response;
  if (failOnError && res.status >= 400)
    return { stdout: '', stderr: silent ? '' : `curl: (22) The requested URL returned error: ${res.status}\n`, code: 22 };
  const head = `HTTP/1.1 ${res.status} ${STATUS[res.status] ?? ''}\r\n${Object.entries(res.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  const text = (include || headOnly ? head : '') + (headOnly ? '' : res.body.toString('utf8'));
  if (output) return { stdout: '', stderr: '', code: 0, files: [[output, text]] };
  return { stdout: text, stderr: '', code: 0 };
}

/** wget [-q] [-O FILE|-] [-S] URL, as busybox's wget does it. */
export function wget(args: string[], net: PodNetwork | undefined, cwd: string): Result {
  let quiet = false;
  let out: string | undefined;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-O') out = args[++i];
    else if (a.startsWith('-O') && a.length > 2) out = a.slice(2);
    else if (a === '-qO-' || a === '-qO' ) {
      quiet = true;
      out = a === '-qO-' ? '-' : args[++i];
    } else if (a === '-q') quiet = true;
    else if (a === '--spider' || a === '-S' || a === '-T') {
      if (a === '-T') i++;
    } else if (!a.startsWith('-')) url = a;
  }
  if (!url) return { stdout: '', stderr: 'BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n', code: 1 };
  const u = parseURL(url);
  if (!u || !net) return { stdout: '', stderr: `wget: bad address '${u?.host ?? url}'\n`, code: 1 };
  const x = net.http(u.host, u.port, { method: 'GET', url: u.path, httpVersion: '1.1', headers: { host: u.host, 'user-agent': 'Wget', connection: 'close' }, body: Buffer.alloc(0) });
  if ('error' in x) {
    if (x.error === 'resolve') return { stdout: '', stderr: `wget: bad address '${u.host}'\n`, code: 1 };
    return { stdout: '', stderr: `${quiet ? '' : `Connecting to ${u.host} (${x.ip}:${u.port})\n`}wget: can't connect to remote host (${x.ip}): ${x.error === 'refused' ? 'Connection refused' : 'Connection timed out'}\n`, code: 1 };
  }
  const res = x.response;
  const connecting = quiet ? '' : `Connecting to ${u.host} (${x.ip}:${u.port})\n`;
  if (res.status >= 400) return { stdout: '', stderr: `${connecting}wget: server returned error: HTTP/1.1 ${res.status} ${STATUS[res.status] ?? ''}\n`, code: 1 };
  const body = res.body.toString('utf8');
  const target = out ?? (u.path.split('/').pop() || 'index.html');
  const size = res.body.length;
  const bar = `${target === '-' ? '-' : target.padEnd(20)} 100% |********************************|   ${size}  0:00:00 ETA`;
  if (target === '-') return { stdout: body, stderr: quiet ? '' : `${connecting}writing to stdout\n${bar}\nwritten to stdout\n`, code: 0 };
  const path = target.startsWith('/') ? target : `${cwd === '/' ? '' : cwd}/${target}`;
  return { stdout: '', stderr: quiet ? '' : `${connecting}saving to '${target}'\n${bar}\n'${target}' saved\n`, code: 0, files: [[path, body]] };
}

/** redis-cli [-h HOST] [-p PORT] COMMAND [ARG...]: one command, its reply as redis-cli prints it off a terminal. */
export function redisCli(args: string[], net: PodNetwork | undefined): Result {
  let host = '127.0.0.1';
  let port = 6379;
  const cmd: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-h') host = args[++i] ?? host;
    else if (a === '-p') port = Number(args[++i] ?? port);
    else cmd.push(a);
  }
  if (!cmd.length) return { stdout: '', stderr: '', code: 0 }; // it would read commands from stdin: there are none
  const r = net ? net.redis(host, port, cmd) : ({ error: 'refused', port } as const);
  if ('error' in r) {
    const why = r.error === 'resolve' ? `Name or service not known` : r.error === 'refused' ? 'Connection refused' : 'Connection timed out';
    return { stdout: '', stderr: `Could not connect to Redis at ${host}:${port}: ${why}\n`, code: 1 };
  }
  return { stdout: `${r.reply}\n`, stderr: '', code: 0 };
}

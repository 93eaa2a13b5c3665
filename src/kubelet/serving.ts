/**
 * The HTTP servers simulated containers run on their ports: what nginx, httpd, hashicorp/http-echo and the
 * echoserver answer (their real default pages and formats) and the access-log line each writes to stdout. The
 * pod's identity rides along: an `X-Pod-Name` header on every answer and, on the web servers' pages, a line
 * naming the pod, so a learner sees which replica answered. No sockets here: the kubelet calls serveHttp for a
 * request that kube-proxy (src/proxy) routed to this pod.
 */

/** HttpRequest is a request as the container sees it. */
export interface HttpRequest {
  method: string;
  /** The request target: path and query (`/api?x=1`). */
  url: string;
  httpVersion: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
  /** The peer the container sees (after kube-proxy's SNAT for traffic from outside: the node's bridge). */
  clientIP: string;
  clientPort: number;
}

/** HttpResponse is the container's answer. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** PodConnection is a connection to a pod's port: its server answers requests, or the connection was refused. */
export type PodConnection = { http(req: HttpRequest): HttpResponse } | { refused: string };

/** ServerContext is the container the request reached. */
export interface ServerContext {
  pod: string;
  namespace: string;
  podIP: string;
  node: string;
  port: number;
  /** The container's args (http-echo reads -text and -listen from them). */
  args: string[];
  /** The software version the image runs. */
  version: string;
  /** Cluster time of the request, ms. */
  time: number;
}

export type HttpServerKind = 'nginx' | 'httpd' | 'http-echo' | 'echoserver' | 'ingress-nginx';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** httpDate is an HTTP Date header (`Sun, 22 Nov 2026 09:42:02 GMT`). */
const httpDate = (ms: number) => new Date(ms).toUTCString();

/** commonLogTime is the Common Log Format's time (`22/Nov/2026:09:42:02 +0000`), as nginx and httpd write it. */
export function commonLogTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** The first line of the request as logs quote it. */
const requestLine = (r: HttpRequest) => `${r.method} ${r.url} HTTP/${r.httpVersion}`;

/** servedBy is the line the web servers' pages carry: which pod answered, at which address, on which node. */
const servedBy = (ctx: ServerContext) => `<p><em>minik9s:</em> served by pod <strong>${ctx.pod}</strong> (${ctx.podIP}) on node ${ctx.node}</p>\n`;

/** withServedBy puts the served-by line just before `</body>`, where a browser shows it under the page. */
const withServedBy = (page: string, ctx: ServerContext) => page.replace('</body>', `${servedBy(ctx)}</body>`);

// nginx's default index.html (the nginx image's /usr/share/nginx/html/index.html).
const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** nginxError is nginx's built-in error page for a status, signed `server` (`nginx/1.29.3`, or `nginx` as ingress-nginx hides its version). */
export const nginxError = (status: number, reason: string, server: string) =>
  `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`;

const HTTPD_INDEX = '<html><body><h1>It works!</h1></body></html>\n';

const httpdError = (status: number, reason: string, text: string, port: number) =>
  `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>${status} ${reason}</title>\n</head><body>\n<h1>${reason}</h1>\n<p>${text}</p>\n<hr>\n<address>Apache Server at localhost Port ${port}</address>\n</body></html>\n`;

/** The version nginx reports when the image tag does not say (mainline at the time of writing). */
const NGINX_VERSION = '1.29.3';

function nginxVersion(v: string): string {
  return /^\d+\.\d+\.\d+$/.test(v) ? v : NGINX_VERSION;
}

/** argValue reads a Go-flag style argument (`-text=hello`, `--text hello`, `-text "hello"`). */
function argValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const p of [`-${name}`, `--${name}`]) {
      if (a === p) return args[i + 1];
      if (a.startsWith(`${p}=`)) return a.slice(p.length + 1);
    }
  }
  return undefined;
}

/** listensOn tells whether a server image, run with these args, listens on port (http-echo's -listen moves it). */
export function listensOn(kind: HttpServerKind | undefined, imagePorts: number[], args: string[], port: number): boolean {
  if (kind === 'http-echo') {
    const listen = argValue(args, 'listen');
    const p = listen ? Number(listen.split(':').pop()) : 5678;
    return port === p;
  }
  return imagePorts.includes(port);
}

/** serveHttp answers one request as the image's server does, with the line it logs (none for a silent server). */
export function serveHttp(kind: Exclude<HttpServerKind, 'ingress-nginx'>, ctx: ServerContext, req: HttpRequest): { response: HttpResponse; log?: string } {
  const head = req.method === 'HEAD';
  const agent = req.headers['user-agent'] ?? '-';
  const referer = req.headers['referer'] ?? '-';
  const answer = (status: number, headers: Record<string, string>, text: string | Buffer): HttpResponse => {
    const body = typeof text === 'string' ? Buffer.from(text) : text;
    return {
      status,
      headers: { ...headers, 'Content-Length': String(body.length), 'X-Pod-Name': ctx.pod, 'X-Pod-IP': ctx.podIP },
      body: head ? Buffer.alloc(0) : body,
    };
  };
  const path = req.url.split('?')[0]!;
  switch (kind) {
    case 'nginx': {
      const version = nginxVersion(ctx.version);
      const base = { Server: `nginx/${version}`, Date: httpDate(ctx.time) };
      let res: HttpResponse;
      if (path === '/' || path === '/index.html') {
        if (req.method !== 'GET' && !head) res = answer(405, { ...base, 'Content-Type': 'text/html' }, nginxError(405, 'Not Allowed', `nginx/${version}`));
        else res = answer(200, { ...base, 'Content-Type': 'text/html', 'Accept-Ranges': 'bytes' }, withServedBy(NGINX_INDEX, ctx));
      } else res = answer(404, { ...base, 'Content-Type': 'text/html' }, nginxError(404, 'Not Found', `nginx/${version}`));
      const sent = head ? 0 : res.body.length;
      return { response: res, log: `${req.clientIP} - - [${commonLogTime(ctx.time)}] "${requestLine(req)}" ${res.status} ${sent} "${referer}" "${agent}" "-"` };
    }
    case 'httpd': {
      const base = { Server: 'Apache/2.4.65 (Unix)', Date: httpDate(ctx.time) };
      const res =
        path === '/' || path === '/index.html'
          ? answer(200, { ...base, 'Content-Type': 'text/html', 'Accept-Ranges': 'bytes' }, withServedBy(HTTPD_INDEX, ctx))
          : answer(404, { ...base, 'Content-Type': 'text/html; charset=iso-8859-1' }, httpdError(404, 'Not Found', 'The requested URL was not found on this server.', ctx.port));
      const sent = head ? '-' : String(res.body.length);
      return { response: res, log: `${req.clientIP} - - [${commonLogTime(ctx.time)}] "${requestLine(req)}" ${res.status} ${sent}` };
    }
    case 'http-echo': {
      const text = argValue(ctx.args, 'text') ?? 'hello-world';
      const res = answer(200, { 'X-App-Name': 'http-echo', 'X-App-Version': ctx.version === 'latest' ? '1.0.0' : ctx.version, Date: httpDate(ctx.time), 'Content-Type': 'text/plain; charset=utf-8' }, `${text}\n`);
      const d = new Date(ctx.time);
      const stamp = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
      return { response: res, log: `${stamp} ${req.headers.host ?? ''} ${req.clientIP}:${req.clientPort} "${requestLine(req)}" 200 ${text.length + 1} "${agent}" 41.2µs` };
    }
    case 'echoserver': {
      const headers = Object.entries(req.headers)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `\t${k}=${v}`)
        .join('\n');
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
      const text = [
        '',
        '',
        `Hostname: ${ctx.pod}`,
        '',
        'Pod Information:',
        '\t-no pod information available-',
        '',
        'Server values:',
        '\tserver_version=nginx: 1.13.3 - lua: 10008',
        '',
        'Request Information:',
        `\tclient_address=${req.clientIP}`,
        `\tmethod=${req.method}`,
        `\treal path=${path}`,
        `\tquery=${query}`,
        `\trequest_version=${req.httpVersion}`,
        '\trequest_scheme=http',
        `\trequest_uri=http://${req.headers.host ?? `${ctx.podIP}:${ctx.port}`}${req.url}`,
        '',
        'Request Headers:',
        headers,
        '',
        'Request Body:',
        req.body.length ? req.body.toString('utf8') : '\t-no body in request-',
        '',
        '',
      ].join('\n');
      const res = answer(200, { Server: 'echoserver', Date: httpDate(ctx.time), 'Content-Type': 'text/plain' }, text);
      return { response: res, log: `${req.clientIP} - - [${commonLogTime(ctx.time)}] "${requestLine(req)}" 200 ${res.body.length} "${referer}" "${agent}"` };
    }
  }
}

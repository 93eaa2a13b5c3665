import { describe, it, expect } from 'vitest';
import { listensOn, serveHttp, type HttpRequest, type ServerContext } from '../../src/kubelet/serving.js';

const ctx = (over: Partial<ServerContext> = {}): ServerContext => ({
  pod: 'web-7d4b9c-x2x4q',
  namespace: 'default',
  podIP: '10.244.0.7',
  node: 'minik9s',
  port: 80,
  args: [],
  version: '1.29.3',
  time: Date.UTC(2026, 10, 22, 9, 42, 2),
  ...over,
});
const req = (over: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'GET',
  url: '/',
  httpVersion: '1.1',
  headers: { host: '127.0.0.1:30080', 'user-agent': 'curl/8.5.0', accept: '*/*' },
  body: Buffer.alloc(0),
  clientIP: '10.244.0.1',
  clientPort: 51234,
  ...over,
});

describe('the simulated HTTP servers', () => {
  it('nginx answers its welcome page with the pod named, 404 and 405 as nginx does, and logs each in its access-log format', () => {
    const ok = serveHttp('nginx', ctx(), req());
    expect(ok.response.status).toBe(200);
    const page = ok.response.body.toString();
    expect(page).toContain('<title>Welcome to nginx!</title>');
    expect(page).toContain('<p><em>minik9s:</em> served by pod <strong>web-7d4b9c-x2x4q</strong> (10.244.0.7) on node minik9s</p>\n</body>');
    expect(ok.response.headers).toMatchObject({ Server: 'nginx/1.29.3', 'Content-Type': 'text/html', 'Content-Length': String(page.length), 'X-Pod-Name': 'web-7d4b9c-x2x4q', 'X-Pod-IP': '10.244.0.7', Date: 'Sun, 22 Nov 2026 09:42:02 GMT' });
    expect(ok.log).toBe(`10.244.0.1 - - [22/Nov/2026:09:42:02 +0000] "GET / HTTP/1.1" 200 ${page.length} "-" "curl/8.5.0" "-"`);
    const missing = serveHttp('nginx', ctx(), req({ url: '/nope?x=1' }));
    expect(missing.response.status).toBe(404);
    expect(missing.response.body.toString()).toContain('<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.29.3</center>');
    expect(missing.log).toContain('"GET /nope?x=1 HTTP/1.1" 404 153');
    expect(serveHttp('nginx', ctx(), req({ method: 'POST' })).response.status).toBe(405);
    const head = serveHttp('nginx', ctx(), req({ method: 'HEAD' }));
    expect(head.response.body.length).toBe(0);
    expect(head.response.headers['Content-Length']).toBe(String(page.length));
    expect(head.log).toContain('"HEAD / HTTP/1.1" 200 0');
    // The version follows the image tag; latest gets the catalogue's.
    expect(serveHttp('nginx', ctx({ version: '1.25.3' }), req()).response.headers.Server).toBe('nginx/1.25.3');
    expect(serveHttp('nginx', ctx({ version: 'alpine' }), req()).response.headers.Server).toBe('nginx/1.29.3');
  });

  it('httpd says It works!, http-echo says its -text, echoserver echoes the request', () => {
    const h = serveHttp('httpd', ctx(), req());
    expect(h.response.body.toString()).toMatch(/^<html><body><h1>It works!<\/h1><p><em>minik9s:<\/em> served by pod/);
    expect(h.log).toMatch(/^10\.244\.0\.1 - - \[22\/Nov\/2026:09:42:02 \+0000\] "GET \/ HTTP\/1\.1" 200 \d+$/);
    const e = serveHttp('http-echo', ctx({ args: ['-text=hello from blue', '-listen=:8080'], version: '1.0.0' }), req());
    expect(e.response.body.toString()).toBe('hello from blue\n');
    expect(e.response.headers).toMatchObject({ 'X-App-Name': 'http-echo', 'X-App-Version': '1.0.0', 'X-Pod-Name': 'web-7d4b9c-x2x4q' });
    const echo = serveHttp('echoserver', ctx({ port: 8080 }), req({ method: 'POST', url: '/a/b?q=1', body: Buffer.from('hi') })).response.body.toString();
    expect(echo).toContain('Hostname: web-7d4b9c-x2x4q\n');
    expect(echo).toContain('\tclient_address=10.244.0.1\n\tmethod=POST\n\treal path=/a/b\n\tquery=q=1\n\trequest_version=1.1\n');
    expect(echo).toContain('Request Headers:\n\taccept=*/*\n\thost=127.0.0.1:30080\n\tuser-agent=curl/8.5.0\n');
    expect(echo).toContain('Request Body:\nhi\n');
  });

  it('listensOn: the image ports, or where http-echo was told to listen', () => {
    expect(listensOn('nginx', [80], [], 80)).toBe(true);
    expect(listensOn('nginx', [80], [], 8080)).toBe(false);
    expect(listensOn('http-echo', [5678], [], 5678)).toBe(true);
    expect(listensOn('http-echo', [5678], ['-listen=:8080'], 8080)).toBe(true);
    expect(listensOn('http-echo', [5678], ['-listen', ':8080'], 5678)).toBe(false);
    expect(listensOn(undefined, [6379], [], 6379)).toBe(true);
  });
});

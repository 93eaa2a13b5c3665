import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { WebSocketServer, WebSocket } from 'ws';
import { ApiError } from '../../api/api-error.js';
import type { Registry } from '../registry.js';
import type { NodeConnector } from '../node-connector.js';
import { badRequest, failure } from '../errors.js';
import { execTarget } from '../exec.js';
import { PORTFORWARD_PROTOCOL, PORTFORWARD_WS_PROTOCOL, servePortForward } from './portforward.js';
import { mustKind } from '../../api/kinds.js';

/** The remotecommand subprotocols, newest first: v5 adds the stdin close signal (channel 255). */
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

function reject(socket: Duplex, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  const reason = code === 401 ? 'Unauthorized' : code === 404 ? 'Not Found' : 'Bad Request';
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

/**
 * attachExec answers `kubectl exec` (and attach): a WebSocket upgrade on pods/NAME/exec speaking the
 * v5/v4.channel.k8s.io subprotocol, each binary message prefixed by its channel (0 stdin, 1 stdout, 2 stderr,
 * 3 the final Status, 4 resize, 255 close). The session runs in the simulated container on the pod's kubelet.
 */
export function attachExec(server: http.Server, registry: Registry, nodes: NodeConnector | undefined, requireClientCert: boolean): { closeAll(): void } {
  // Upgraded connections leave the HTTP server's bookkeeping: closing the server must end them itself.
  const upgraded = new Set<Duplex>();
  // ws is loaded on the first exec, not at start-up: most clusters never see one.
  let wss: WebSocketServer | undefined;
  const websockets = async () => {
    if (!wss) {
      const { WebSocketServer } = await import('ws');
      wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false });
    }
    return wss;
  };
  let pfWss: WebSocketServer | undefined;
  const portForwardSockets = async () => {
    if (!pfWss) {
      const { WebSocketServer } = await import('ws');
      pfWss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => (offered.has(PORTFORWARD_WS_PROTOCOL) ? PORTFORWARD_WS_PROTOCOL : false) });
    }
    return pfWss;
  };
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    void upgrade(req, socket, head);
  });

  /**
   * portForward answers `kubectl port-forward`: SPDY/3.1 tunneled in a WebSocket (kubectl 1.35's first try) or
   * after a plain `Upgrade: SPDY/3.1` (its fallback), carrying the port-forward streams (portforward.ts).
   */
  async function portForward(req: http.IncomingMessage, socket: Duplex, head: Buffer, namespace: string, name: string): Promise<void> {
    if (!nodes) throw failure(404, 'NotFound', 'this server simulates no nodes to forward ports to');
    const pod = registry.get(mustKind('v1', 'Pod'), namespace, name) as unknown as { metadata: { uid: string }; status?: { phase?: string } };
    if (pod.status?.phase !== 'Running') throw badRequest(`unable to upgrade connection: pod ${name} is not running`);
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    if (String(req.headers.upgrade ?? '').toLowerCase() === 'websocket') {
      if (!offered.includes(PORTFORWARD_WS_PROTOCOL)) throw badRequest('unable to upgrade: no tunneling spdy protocols provided');
      (await portForwardSockets()).handleUpgrade(req, socket, head, (ws) => {
        const pf = servePortForward(nodes, namespace, name, pod.metadata.uid, (b) => ws.send(b, { binary: true }));
        ws.on('message', (data: Buffer) => pf.input(Buffer.from(data)));
        ws.on('close', () => pf.close());
      });
      return;
    }
    if (!/spdy\/3\.1/i.test(String(req.headers.upgrade ?? '')) || req.headers['x-stream-protocol-version'] !== PORTFORWARD_PROTOCOL)
      throw badRequest('unable to upgrade: missing or unsupported stream protocol (SPDY/3.1 with portforward.k8s.io is spoken here)');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${PORTFORWARD_PROTOCOL}\r\n\r\n`);
    const pf = servePortForward(nodes, namespace, name, pod.metadata.uid, (b) => socket.write(b));
    if (head.length) pf.input(head);
    socket.on('data', (d: Buffer) => pf.input(d));
    socket.on('close', () => pf.close());
    socket.on('error', () => pf.close());
  }
  async function upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    try {
      if (requireClientCert && !(req.socket as TLSSocket).authorized)
        return reject(socket, 401, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
      const url = new URL(`http://127.0.0.1${req.url ?? '/'}`) // never protocol-relative, even for '//...';
      const pf = url.pathname.match(/^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/);
      if (pf) return await portForward(req, socket, head, decodeURIComponent(pf[1]!), decodeURIComponent(pf[2]!));
      const m = url.pathname.match(/^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach)$/);
      if (!m) throw failure(404, 'NotFound', 'the server could not find the requested resource');
      const [, namespace, name] = m as unknown as [string, string, string];
      const q = url.searchParams;
      const { pod, container, nodes: node } = execTarget(registry, nodes, decodeURIComponent(namespace), decodeURIComponent(name), q.get('container') ?? undefined);
      const command = q.getAll('command');
      const opts = { stdin: q.get('stdin') === 'true' || q.get('stdin') === '1', tty: q.get('tty') === 'true' || q.get('tty') === '1' };

      let ws: WebSocket | undefined;
      const pending: Buffer[] = [];
      const send = (channel: number, data: string | Buffer) => {
        const frame = Buffer.concat([Buffer.from([channel]), Buffer.isBuffer(data) ? data : Buffer.from(data)]);
        if (ws) ws.send(frame);
        else pending.push(frame);
      };
      let exited: number | undefined;
      const finish = (code: number) => {
        const status =
          code === 0
            ? { metadata: {}, status: 'Success' }
            : {
                metadata: {},
                status: 'Failure',
                message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
                reason: 'NonZeroExitCode',
                details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
              };
        send(CHANNEL.error, JSON.stringify(status));
        if (ws) ws.close(1000);
        else exited = code;
      };
      const session = node.exec(pod, container, command, opts, {
        stdout: (d) => send(CHANNEL.stdout, d),
        stderr: (d) => send(CHANNEL.stderr, d),
        exit: finish,
      });
      if ('error' in session) throw badRequest(session.error);
      // The kubelet's refusal (a container that is not running) comes before the protocol check, so kubectl's
      // SPDY fallback after a refused WebSocket reports the same reason rather than the protocol.
      const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
      if (!PROTOCOLS.some((p) => offered.includes(p))) throw badRequest('this server supports the v4 and v5 channel.k8s.io protocols over WebSocket');
      (await websockets()).handleUpgrade(req, socket, head, (sock) => {
        ws = sock;
        for (const f of pending.splice(0)) sock.send(f);
        if (exited !== undefined) {
          sock.close(1000);
          return;
        }
        sock.on('message', (data: Buffer, isBinary: boolean) => {
          const buf = isBinary ? data : Buffer.from(data);
          if (!buf.length) return;
          const channel = buf[0];
          if (channel === CHANNEL.stdin) session.input(buf.subarray(1).toString('utf8'));
          else if (channel === CHANNEL.close && buf[1] === CHANNEL.stdin) session.closeStdin();
        });
        session.start();
      });
    } catch (err) {
      const e = err instanceof ApiError ? err : failure(500, 'InternalError', String(err));
      reject(socket, e.code, e.status);
    }
  }
  return {
    closeAll: () => {
      for (const s of upgraded) s.destroy();
      upgraded.clear();
    },
  };
}

import http from 'node:http';
import { Duplex } from 'node:stream';
import type { PodConnection } from '../../kubelet/serving.js';
import { relay } from '../../proxy/relay.js';
import { RST, SpdySession, type Headers } from './spdy.js';

/** PodConnector opens a connection to a pod's port (the pod's kubelet), as kubectl port-forward needs. */
export interface PodConnector {
  connectPod(namespace: string, name: string, port: number): PodConnection;
}

/** The subprotocols kubectl port-forward offers: SPDY tunneled in a WebSocket (1.31+), or a plain SPDY upgrade. */
export const PORTFORWARD_WS_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
export const PORTFORWARD_PROTOCOL = 'portforward.k8s.io';

interface Pair {
  port: number;
  error?: number;
  data?: number;
  /** The in-memory connection to the container, once both streams are there. */
  conn?: Duplex;
}

/**
 * servePortForward runs the kubelet's port-forward protocol on one SPDY connection: for each local connection
 * kubectl opens an error stream and a data stream (headers streamtype, port, requestid); once both are there the
 * data stream is joined to the pod's port, whose server (serving.ts) answers the HTTP bytes that flow on it; a
 * port nothing listens on gets the kubelet's message on the error stream. `send` writes SPDY bytes to kubectl;
 * the returned functions take kubectl's bytes and end the session.
 */
export function servePortForward(pods: PodConnector, namespace: string, pod: string, podUID: string, send: (b: Buffer) => void): { input(b: Buffer): void; close(): void } {
  const pairs = new Map<string, Pair>();
  const byStream = new Map<number, string>();
  let session: SpdySession;

  const open = (p: Pair) => {
    const conn = pods.connectPod(namespace, pod, p.port);
    if ('refused' in conn) {
      const msg = `error forwarding port ${p.port} to pod ${podUID}, uid : failed to connect to localhost:${p.port} inside namespace "${podUID}", IPv4: dial tcp4 127.0.0.1:${p.port}: connect: connection refused IPv6 dial tcp6 [::1]:${p.port}: connect: connection refused `;
      // As the kubelet does: the text on the error stream, then both streams reset.
      session.data(p.error!, Buffer.from(msg));
      session.reset(p.data!, RST.CANCEL);
      session.reset(p.error!, RST.CANCEL);
      return;
    }
    // The container's server answers the bytes kubectl forwards: an in-memory HTTP connection to it.
    // Port-forwarded traffic reaches the pod from its own localhost, as through the kubelet's socat.
    const server = http.createServer((req, res) => void relay(conn, req, res, { ip: '127.0.0.1', port: 0 }));
    const duplex = new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        session.data(p.data!, chunk);
        cb();
      },
      final(cb) {
        session.data(p.data!, Buffer.alloc(0), true);
        cb();
      },
    });
    p.conn = duplex;
    server.emit('connection', duplex);
    // No error for this connection: the error stream ends empty (kubectl waits for its end).
    session.data(p.error!, Buffer.alloc(0), true);
  };

  session = new SpdySession(send, {
    stream(sid, headers: Headers) {
      const type = headers.streamtype;
      const port = Number(headers.port);
      const id = headers.requestid ?? String(sid);
      if ((type !== 'error' && type !== 'data') || !Number.isInteger(port) || port <= 0 || port > 65535) {
        session.reset(sid, 1);
        return;
      }
      void session.reply(sid).then(() => {
        let p = pairs.get(id);
        if (!p) pairs.set(id, (p = { port }));
        p[type] = sid;
        byStream.set(sid, id);
        if (p.error !== undefined && p.data !== undefined && !p.conn) open(p);
      });
    },
    data(sid, data, fin) {
      const p = pairs.get(byStream.get(sid) ?? '');
      if (!p?.conn || sid !== p.data) return;
      if (data.length) p.conn.push(data);
      if (fin) p.conn.push(null);
    },
    reset(sid) {
      const id = byStream.get(sid);
      const p = id !== undefined ? pairs.get(id) : undefined;
      if (p?.conn) p.conn.destroy();
      if (id !== undefined) pairs.delete(id);
      byStream.delete(sid);
    },
    goaway() {
      for (const p of pairs.values()) p.conn?.destroy();
    },
  });
  return {
    input: (b) => session.feed(b),
    close: () => {
      for (const p of pairs.values()) p.conn?.destroy();
      session.close();
    },
  };
}

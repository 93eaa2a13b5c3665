import type http from 'node:http';
import type { HttpRequest, PodConnection } from '../kubelet/serving.js';

/**
 * relay answers an HTTP request that arrived on a real socket (a node port, a tunnel, a port-forward stream)
 * with a pod's simulated server: the request read whole, its headers flattened, the server's answer written back.
 */
export async function relay(conn: Exclude<PodConnection, { refused: string }>, req: http.IncomingMessage, res: http.ServerResponse, client: { ip: string; port: number }): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers: HttpRequest['headers'] = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const answer = conn.http({ method: req.method ?? 'GET', url: req.url ?? '/', httpVersion: req.httpVersion, headers, body: Buffer.concat(chunks), clientIP: client.ip, clientPort: client.port });
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

import type http from 'node:http';
import { failure } from '../errors.js';
import type { ServiceURL } from '../../proxy/node-ports.js';

/** TUNNEL_PATH is where `minik9s tunnel` holds the tunnel open: a POST whose answer streams while it lasts. */
export const TUNNEL_PATH = '/minik9s/v1/tunnel';

/** TunnelHost opens the tunnel (the hosted cluster's). */
export interface TunnelHost {
  open(onChange: (urls: ServiceURL[]) => void): Promise<() => Promise<void>>;
}

/**
 * serveTunnel keeps the tunnel open as long as the request's connection lives, streaming one JSON line with the
 * served Services at the start and after every change; the client going away (Ctrl-C) closes it.
 */
export async function serveTunnel(tunnel: TunnelHost | undefined, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (!tunnel) throw failure(404, 'NotFound', 'this server runs no tunnel');
  if (req.method !== 'POST') throw failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  req.resume();
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const close = await tunnel.open((urls) => {
    if (!res.writableEnded) res.write(`${JSON.stringify({ services: urls })}\n`);
  });
  const end = () => void close();
  res.on('close', end);
  if (res.destroyed) end();
}

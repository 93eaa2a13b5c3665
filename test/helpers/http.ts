import http from 'node:http';

/** Reply is what a test reads of an HTTP answer: the status, the pod that answered (X-Pod-Name), the body. */
export interface Reply {
  status: number;
  pod: string;
  body: string;
}

/**
 * httpGet sends one GET on a new connection (as curl does; or on `agent`'s connections) to a real listener on
 * 127.0.0.1 and reads the whole answer. It rejects with the socket's error (ECONNREFUSED, ECONNRESET).
 */
export function httpGet(url: string, opts: { headers?: Record<string, string>; agent?: http.Agent | false } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: opts.agent ?? false, headers: opts.headers }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, pod: String(res.headers['x-pod-name']), body }));
      })
      .on('error', reject);
  });
}

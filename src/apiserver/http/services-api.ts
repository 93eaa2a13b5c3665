import { failure } from '../errors.js';
import type { ServiceURL } from '../../proxy/node-ports.js';

/** SERVICES_PATH is where the daemon lists the node ports it serves on 127.0.0.1 (`minik9s service`). */
export const SERVICES_PATH = '/minik9s/v1/services';

/** ServiceURLs is what knows the node ports' listeners (the daemon's). */
export interface ServiceURLs {
  serviceURLs(): ServiceURL[];
}

/** serveServices answers GET with every node port and its URL. */
export function serveServices(urls: ServiceURLs | undefined, method: string): unknown {
  if (!urls) throw failure(404, 'NotFound', 'this server opens no node ports');
  if (method !== 'GET') throw failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  return { services: urls.serviceURLs() };
}

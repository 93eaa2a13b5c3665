import { ApiError } from '../../api/api-error.js';
import { ConnectionError } from '../../client/http-client.js';

/**
 * errorLine words an error as kubectl's CheckErr does: a server that cannot be reached as kubectl words it, an
 * Invalid answer as `The Kind "name" is invalid: field:
 * message` (several causes one per line under `* `), other server answers as `Error from server (Reason): message`,
 * anything else as `error: message`.
 */
export function errorLine(err: unknown): string {
  // An unreachable server: kubectl's StandardErrorMessage words a refused connection with the host and port.
  if (err instanceof ConnectionError) {
    if (err.errorCode === 'ECONNREFUSED') return `The connection to the server ${new URL(err.server).host} was refused - did you specify the right host or port?`;
    return `Unable to connect to the server: ${err.detail}`;
  }
  if (err instanceof ApiError && err.status.reason === 'Invalid') {
    const d = err.status.details;
    const head = d ? `The ${d.kind} ${JSON.stringify(d.name ?? '')} is invalid` : 'The request is invalid';
    const causes = (d?.causes ?? []).map((c) => `${c.field}: ${c.message}`);
    if (causes.length === 1) return `${head}: ${causes[0]}`;
    if (causes.length > 1) return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
    return head;
  }
  if (err instanceof ApiError && err.status.reason) return `Error from server (${err.status.reason}): ${err.status.message}`;
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

import { ApiError } from '../../api/api-error.js';
import { ConnectionError } from '../../client/http-client.js';
import { KubeconfigError } from '../../client/kubeconfig.js';

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
  // A kubeconfig problem: kubectl's CheckErr puts clientcmd's configuration errors under this heading.
  if (err instanceof KubeconfigError) return `Error in configuration: ${err.message}`;
  if (err instanceof ApiError && err.status.reason === 'Invalid') {
    const d = err.status.details;
    // With no details kubectl shows the server's message after its heading.
    if (!d) return err.status.message ? `The request is invalid: ${err.status.message}` : 'The request is invalid';
    const head = `The ${d.kind} ${JSON.stringify(d.name ?? '')} is invalid`;
    const causes = (d?.causes ?? []).map((c) => `${c.field}: ${c.message}`);
    if (causes.length === 1) return `${head}: ${causes[0]}`;
    if (causes.length > 1) return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
    return head;
  }
  if (err instanceof ApiError && err.status.reason) return `Error from server (${err.status.reason}): ${err.status.message}`;
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * aggregate words several errors as apimachinery's utilerrors Aggregate prints them: one alone, several in brackets,
 * each message once (its Error() skips messages already seen).
 */
export function aggregate(errs: string[]): string {
  const seen = [...new Set(errs)];
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

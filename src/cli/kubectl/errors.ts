import { ApiError } from '../../api/api-error.js';

/**
 * errorLine words an error as kubectl's CheckErr does: an Invalid answer as `The Kind "name" is invalid: field:
 * message` (several causes one per line under `* `), other server answers as `Error from server (Reason): message`,
 * anything else as `error: message`.
 */
export function errorLine(err: unknown): string {
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

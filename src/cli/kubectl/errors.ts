import { ApiError } from '../../api/api-error.js';

/** errorLine words an error as kubectl's CheckErr does: `Error from server (Reason): message` or `error: message`. */
export function errorLine(err: unknown): string {
  if (err instanceof ApiError && err.status.reason) return `Error from server (${err.status.reason}): ${err.status.message}`;
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

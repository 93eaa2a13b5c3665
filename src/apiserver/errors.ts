import type { Status } from '../api/types.js';
import type { KindInfo } from '../api/kinds.js';
import { type FieldError, fieldErrorMessage, fieldErrorCause } from '../api/field-errors.js';

import { ApiError } from '../api/api-error.js';

export { ApiError };

/** failure builds a Failure Status. */
export function failure(code: number, reason: string, message: string, details?: Status['details']): ApiError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return new ApiError(status);
}

/** qualifiedResource is `pods` or `deployments.apps`: how kube-apiserver names a resource in messages. */
export function qualifiedResource(k: Pick<KindInfo, 'group' | 'resource'>): string {
  return k.group ? `${k.resource}.${k.group}` : k.resource;
}

function qualifiedKind(k: Pick<KindInfo, 'group' | 'kind'>): string {
  return k.group ? `${k.kind}.${k.group}` : k.kind;
}

function details(k: Pick<KindInfo, 'group' | 'resource'>, name: string): Status['details'] {
  return k.group ? { name, group: k.group, kind: k.resource } : { name, kind: k.resource };
}

/** notFound: `pods "x" not found`. */
export function notFound(k: Pick<KindInfo, 'group' | 'resource'>, name: string): ApiError {
  return failure(404, 'NotFound', `${qualifiedResource(k)} "${name}" not found`, details(k, name));
}

/** alreadyExists: `pods "x" already exists`. */
export function alreadyExists(k: Pick<KindInfo, 'group' | 'resource'>, name: string): ApiError {
  return failure(409, 'AlreadyExists', `${qualifiedResource(k)} "${name}" already exists`, details(k, name));
}

/** conflict: the optimistic-concurrency refusal kubectl shows for a stale resourceVersion. */
export function conflict(k: Pick<KindInfo, 'group' | 'resource'>, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(k)} "${name}": ${why}`, details(k, name));
}

/** invalid: `Pod "x" is invalid: spec.containers: Required value`, with one cause per field error. */
export function invalid(k: Pick<KindInfo, 'group' | 'kind'>, name: string, errors: FieldError[]): ApiError {
  const msgs = errors.map(fieldErrorMessage);
  const text = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
  const d: Status['details'] = { name, kind: k.kind, causes: errors.map(fieldErrorCause) };
  if (k.group) d.group = k.group;
  return failure(422, 'Invalid', `${qualifiedKind(k)} "${name}" is invalid: ${text}`, d);
}

/** badRequest is a request the server cannot read. */
export function badRequest(message: string): ApiError {
  return failure(400, 'BadRequest', message);
}

/** gone: a watch or list from a resourceVersion older than the kept history. */
/**
 * tooLargeResourceVersion is kube-apiserver's answer to a watch or list from a revision it has not reached
 * (storage.NewTooLargeResourceVersionError): 504 Timeout with a ResourceVersionTooLarge cause, so clients relist.
 * A restarted minik9s (its revisions start again) answers old informers so, and they catch up instead of waiting.
 */
export function tooLargeResourceVersion(requested: number, current: number): ApiError {
  return failure(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}

export function gone(message: string): ApiError {
  return failure(410, 'Expired', message);
}

/** forbidden: `pods "x" is forbidden: <why>`. */
export function forbidden(k: Pick<KindInfo, 'group' | 'resource'>, name: string, why: string, cause?: { reason: string; message: string; field?: string }): ApiError {
  const d = details(k, name) ?? {};
  if (cause) d.causes = [cause];
  return failure(403, 'Forbidden', `${qualifiedResource(k)} "${name}" is forbidden: ${why}`, d);
}

/** methodNotAllowed: a verb the resource does not support. */
export function methodNotAllowed(): ApiError {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

/** internalError: a bug in the server; never expected, always reported as a Status rather than a crash. */
export function internalError(err: unknown): ApiError {
  const msg = err instanceof Error ? err.message : String(err);
  return failure(500, 'InternalError', `Internal error occurred: ${msg}`);
}

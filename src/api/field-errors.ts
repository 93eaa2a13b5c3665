/** FieldErrorType is the kind of a validation error, as apimachinery's field.ErrorType names it. */
export type FieldErrorType = 'Required' | 'Invalid' | 'NotSupported' | 'Duplicate' | 'Forbidden' | 'TooLong';

/** FieldError is one validation failure on one field of an object. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  value?: unknown;
  detail?: string;
}

const REASONS: Record<FieldErrorType, string> = {
  Required: 'FieldValueRequired',
  Invalid: 'FieldValueInvalid',
  NotSupported: 'FieldValueNotSupported',
  Duplicate: 'FieldValueDuplicate',
  Forbidden: 'FieldValueForbidden',
  TooLong: 'FieldValueTooLong',
};

const LABELS: Record<FieldErrorType, string> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  NotSupported: 'Unsupported value',
  Duplicate: 'Duplicate value',
  Forbidden: 'Forbidden',
  TooLong: 'Too long',
};

/** formatValue prints a value the way Go's %#v-ish field errors show it: strings quoted, numbers bare. */
function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
  if (typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`);
    return `map[string]string{${entries.join(', ')}}`;
  }
  return JSON.stringify(v);
}

/** fieldErrorMessage words one error as kube-apiserver does: `spec.replicas: Invalid value: -1: must be ...`. */
export function fieldErrorMessage(e: FieldError): string {
  const hasValue = e.type === 'Invalid' || e.type === 'NotSupported' || e.type === 'Duplicate';
  let msg = `${e.field}: ${LABELS[e.type]}`;
  if (hasValue) msg += `: ${formatValue(e.value)}`;
  if (e.detail) msg += `: ${e.detail}`;
  return msg;
}

/** fieldErrorCause is the Status cause of one error. */
export function fieldErrorCause(e: FieldError): { reason: string; message: string; field: string } {
  const message = fieldErrorMessage(e).slice(e.field.length + 2);
  return { reason: REASONS[e.type], message, field: e.field };
}

/** required, invalid and notSupported build field errors tersely. */
export const required = (field: string, detail?: string): FieldError => ({ type: 'Required', field, detail });
export const invalid = (field: string, value: unknown, detail?: string): FieldError => ({ type: 'Invalid', field, value, detail });
export const notSupported = (field: string, value: unknown, supported: string[]): FieldError => ({
  type: 'NotSupported',
  field,
  value,
  detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});

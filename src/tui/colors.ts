/**
 * Status colours of the dashboard, k9s style: healthy rows plain, things on their way orange, things going away
 * purple, failures red. Kept apart from the renderers, which only produce words.
 */

/** StatusLevel is how a status word is classified before it gets a colour. */
export type StatusLevel = 'ok' | 'completed' | 'pending' | 'terminating' | 'error';

/** Colour of each level, as Ink's `color` prop takes it. */
export const LEVEL_COLORS: Readonly<Record<StatusLevel, string>> = {
  ok: 'white',
  completed: 'green',
  pending: '#ffa500',
  terminating: 'magenta',
  error: 'red',
};

const OK = new Set(['Running', 'Active', 'Ready', 'Normal', 'Bound', 'True']);
const COMPLETED = new Set(['Completed', 'Succeeded']);
const PENDING = new Set([
  'Pending',
  'ContainerCreating',
  'PodInitializing',
  'Progressing',
  'Waiting',
  'SchedulingGated',
  'Scheduled',
  'Warning',
]);

/**
 * statusLevel classifies a status word: kubectl's STATUS cell of a pod, a namespace phase, an event type or the
 * words the renderers use for workloads (Ready, Progressing). Anything not known to be fine or on its way is an
 * error, as k9s treats it: an unfamiliar reason is worth a look.
 */
export function statusLevel(status: string): StatusLevel {
  if (OK.has(status)) return 'ok';
  if (COMPLETED.has(status)) return 'completed';
  if (status === 'Terminating') return 'terminating';
  if (PENDING.has(status)) return 'pending';
  // Init:0/2 is progress; Init:Error, Init:CrashLoopBackOff and the like are failures.
  if (/^Init:\d+\/\d+$/.test(status)) return 'pending';
  return 'error';
}

/** statusColor is the colour of a row whose status word is `status`. */
export function statusColor(status: string): string {
  return LEVEL_COLORS[statusLevel(status)];
}

/** Colours of rows that changed lately, k9s' defaults: added dodgerblue, modified greenyellow, deleted mediumpurple. */
export const DELTA_COLORS: Readonly<Record<'added' | 'modified' | 'deleted', string>> = {
  added: '#1e90ff',
  modified: '#adff2f',
  deleted: '#9370db',
};

/** Colour of rows marked with space, for bulk delete. */
export const MARK_COLOR = 'cyanBright';

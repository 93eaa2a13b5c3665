import type { Job, CronJob, JobCondition } from 'kubernetes-types/batch/v1.js';
import { type Printer, col, nameColumn, ageColumn, sinceOf, boolPtr } from './table.js';
import { humanDuration, since } from './duration.js';
import { templateContainers } from './apps.js';
import { formatLabelSelector } from '../selectors.js';

const containersColumn = col('Containers', 'Names of each container in the template.', { priority: 1 });
const imagesColumn = col('Images', 'Images referenced by each container in the template.', { priority: 1 });
const jobSelectorColumn = col('Selector', 'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', { priority: 1 });

/** hasJobCondition is true when the first condition of that type is True, as printers.go checks it. */
function hasJobCondition(conds: JobCondition[] | undefined, type: string): boolean {
  const c = (conds ?? []).find((x) => x.type === type);
  return c?.status === 'True';
}

/** jobStatus is the STATUS cell of a job: Complete, Failed, Terminating, Suspended, FailureTarget or Running. */
export function jobStatus(job: Job): string {
  const conds = job.status?.conditions;
  if (hasJobCondition(conds, 'Complete')) return 'Complete';
  if (hasJobCondition(conds, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(conds, 'Suspended')) return 'Suspended';
  if (hasJobCondition(conds, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** jobCompletions is the COMPLETIONS cell: `succeeded/completions`, or `n/1 of p` for a parallel work queue. */
export function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  const completions = job.spec?.completions;
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** jobDuration is the DURATION cell: empty before the job starts, running time, or start to completion. */
export function jobDuration(job: Job, now: number): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime;
  if (!end) return since(start, now);
  return humanDuration(Date.parse(end) - Date.parse(start));
}

/** jobPrinter prints jobs: NAME STATUS COMPLETIONS DURATION AGE, wide: CONTAINERS IMAGES SELECTOR. */
export const jobPrinter: Printer<Job> = {
  columns: [
    nameColumn,
    col('Status', 'Status of the job.'),
    col('Completions', 'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.'),
    col('Duration', 'Time required to complete the job.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    jobSelectorColumn,
  ],
  cells(job, now) {
    const { names, images } = templateContainers(job.spec?.template);
    return [
      job.metadata?.name ?? '',
      jobStatus(job),
      jobCompletions(job),
      jobDuration(job, now),
      sinceOf(job as never, now),
      names,
      images,
      formatLabelSelector(job.spec?.selector),
    ];
  },
};

/** cronJobPrinter prints cron jobs: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, wide: CONTAINERS IMAGES SELECTOR. */
export const cronJobPrinter: Printer<CronJob> = {
  columns: [
    nameColumn,
    col('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones'),
    col('Suspend', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.', { type: 'boolean' }),
    col('Active', 'A list of pointers to currently running jobs.', { type: 'integer' }),
    col('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    jobSelectorColumn,
  ],
  cells(cj, now) {
    const last = cj.status?.lastScheduleTime;
    const { names, images } = templateContainers(cj.spec?.jobTemplate?.spec?.template);
    return [
      cj.metadata?.name ?? '',
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      boolPtr(cj.spec?.suspend),
      (cj.status?.active ?? []).length,
      last ? since(last, now) : '<none>',
      sinceOf(cj as never, now),
      names,
      images,
      formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector),
    ];
  },
};

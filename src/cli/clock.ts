import { validateProfileName } from '../profile/profile-file.js';
import { daemonRequest } from './daemon-api.js';
import { humanDuration } from '../api/printers/duration.js';
import type { ClockState } from '../cluster/clock.js';
import { CliError, ExitCode, out } from './output.js';

type State = Omit<ClockState, 'timers'> & { timers: (ClockState['timers'][number] & { inMs: number })[] };

/** request calls the daemon's clock endpoint. */
function request(profile: string, method: 'GET' | 'POST', body?: unknown): Promise<State> {
  return daemonRequest<State>(profile, method, '/minik9s/v1/clock', body);
}

const fmtTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');

/** printState shows the cluster time, speed and what the control plane will do next. */
function printState(s: State, limit = 15): void {
  const how = s.paused ? 'paused' : s.speed === 1 ? 'running' : `running at ${s.speed}x`;
  process.stdout.write(`cluster time: ${fmtTime(s.now)} (${how})\n`);
  if (!s.timers.length) {
    process.stdout.write('nothing is scheduled\n');
    return;
  }
  process.stdout.write('next:\n');
  for (const t of s.timers.slice(0, limit)) process.stdout.write(`  in ${humanDuration(t.inMs).padEnd(8)} ${t.label}\n`);
  if (s.timers.length > limit) process.stdout.write(`  ... and ${s.timers.length - limit} more\n`);
}

/**
 * clock runs `minik9s clock [status|pause|resume|step|speed N]`: look at and drive the simulated cluster's
 * clock, and see what the control plane will do next and when (restarts, back-offs, evictions, CronJobs).
 */
export async function clock(profile: string, sub: string | undefined, arg: string | undefined): Promise<number> {
  const bad = validateProfileName(profile);
  if (bad) throw new CliError(bad, ExitCode.Usage, 'MK_USAGE');
  switch (sub ?? 'status') {
    case 'status':
      printState(await request(profile, 'GET'));
      return 0;
    case 'pause': {
      const s = await request(profile, 'POST', { action: 'pause' });
      out('stopped', `The cluster's clock is paused at ${fmtTime(s.now)}: nothing happens until "minik9s clock resume" or "minik9s clock step"`);
      return 0;
    }
    case 'resume': {
      const s = await request(profile, 'POST', { action: 'resume' });
      out('running', `The cluster's clock runs again${s.speed === 1 ? '' : ` at ${s.speed}x`}, from ${fmtTime(s.now)}`);
      return 0;
    }
    case 'step': {
      const before = await request(profile, 'GET');
      const next = before.timers[0];
      const s = await request(profile, 'POST', { action: 'step' });
      if (!next) out('meh', 'Nothing is scheduled: the clock did not move');
      else out('thumbsUp', `Stepped ${humanDuration(next.inMs)} to ${fmtTime(s.now)}: ${next.label}`);
      return 0;
    }
    case 'speed': {
      const speed = Number(arg);
      if (!arg || !Number.isFinite(speed) || speed <= 0 || speed > 10_000)
        throw new CliError(`"minik9s clock speed" needs a number above 0 (at most 10000), got "${arg ?? ''}"`, ExitCode.Usage, 'MK_USAGE');
      await request(profile, 'POST', { action: 'speed', speed });
      const { openProfile } = await import('../profile/profile.js');
      const conf = openProfile(profile);
      if (speed === 1) conf?.delete('speed');
      else conf?.set('speed', speed);
      out('sparkle', `The cluster's clock now runs at ${speed}x`);
      return 0;
    }
    default:
      throw new CliError(`unknown clock subcommand "${sub}": use status, pause, resume, step or speed N`, ExitCode.Usage, 'MK_USAGE');
  }
}

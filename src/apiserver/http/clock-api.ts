import { RealClock, type Clock } from '../../cluster/clock.js';
import { badRequest, failure } from '../errors.js';

/** CLOCK_PATH is where the daemon serves its clock: minik9s' own endpoint beside the Kubernetes API. */
export const CLOCK_PATH = '/minik9s/v1/clock';

/** ClockAction is what a client may ask of the clock. */
export type ClockAction = { action: 'pause' | 'resume' | 'step' } | { action: 'speed'; speed: number };

function stateOf(clock: Clock) {
  if (!(clock instanceof RealClock)) throw failure(400, 'BadRequest', "this cluster's clock is driven by its host (a test's manual clock)");
  const s = clock.state();
  return { ...s, timers: s.timers.map((t) => ({ ...t, inMs: Math.max(0, t.at - s.now) })) };
}

/**
 * serveClock answers GET (the clock's time, speed, pause and pending timers: what the control plane will do
 * next and when) and POST (pause, resume, step to the next timer, change speed) on CLOCK_PATH.
 */
export function serveClock(clock: Clock, method: string, body: unknown): unknown {
  if (method === 'GET') return stateOf(clock);
  if (method !== 'POST') throw failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const c = clock instanceof RealClock ? clock : undefined;
  if (!c) return stateOf(clock);
  const a = body as Partial<ClockAction> | undefined;
  switch (a?.action) {
    case 'pause':
      c.pause();
      break;
    case 'resume':
      c.resume();
      break;
    case 'step':
      c.step();
      break;
    case 'speed': {
      const speed = (a as { speed?: unknown }).speed;
      if (typeof speed !== 'number' || !(speed > 0) || speed > 10_000) throw badRequest('speed must be a number above 0 and at most 10000');
      c.setSpeed(speed);
      break;
    }
    default:
      throw badRequest('action must be one of "pause", "resume", "step", "speed"');
  }
  return stateOf(clock);
}

import type { IO } from './command.js';

/**
 * INTERRUPTED_EXIT is how kubectl ends a command its interrupt handler (pkg/util/interrupt) guards — `logs`,
 * `rollout status`, `delete`'s wait, `get -w` — when the user interrupts it: the handler cancels the work and
 * exits 1, printing nothing more.
 */
export const INTERRUPTED_EXIT = 1;

/**
 * KILLED_EXIT is what a shell reports for a kubectl that has no interrupt handler (`drain`) and so dies of the
 * SIGINT: 128 + 2.
 */
export const KILLED_EXIT = 130;

/** Interrupted unwinds a wait that the user interrupted; the command answers its exit code, never prints it. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

/** A stream to end when the command is interrupted (a watch, a followed log). */
interface Stoppable {
  stop(): void;
}

/**
 * Interruption is a command's view of `io.signal` (the dashboard's stop key; a shell's ctrl-c, which
 * src/cli/kubectl.ts turns into an abort): once it aborts, the streams the command tracks are stopped, the waits it
 * sleeps in wake up, what it would still print is dropped, and `race` answers the interrupted exit code at once,
 * without waiting for the work to unwind. Without a signal nothing ever interrupts.
 */
export class Interruption {
  interrupted = false;
  /** Settles when the signal aborts; never without one. */
  readonly happened: Promise<void>;
  private readonly streams = new Set<Stoppable>();
  private readonly unhook: () => void;
  private wake!: () => void;

  constructor(private readonly signal: AbortSignal | undefined) {
    this.happened = new Promise<void>((resolve) => (this.wake = resolve));
    const fire = () => {
      if (this.interrupted) return;
      this.interrupted = true;
      for (const s of this.streams) s.stop();
      this.streams.clear();
      this.wake();
    };
    if (!signal) this.unhook = () => {};
    else if (signal.aborted) {
      fire();
      this.unhook = () => {};
    } else {
      signal.addEventListener('abort', fire, { once: true });
      this.unhook = () => signal.removeEventListener('abort', fire);
    }
  }

  /** track stops a stream when the command is interrupted (at once when it already is), until the stream settles. */
  track<W extends Stoppable & { done: Promise<void> }>(w: W): W {
    if (this.interrupted) {
      w.stop();
      return w;
    }
    this.streams.add(w);
    const forget = () => void this.streams.delete(w);
    w.done.then(forget, forget);
    return w;
  }

  /** check throws Interrupted once the command is interrupted: a loop's way not to start one more step. */
  check(): void {
    if (this.interrupted) throw new Interrupted();
  }

  /** sleep waits ms, or less when the command is interrupted meanwhile (then it throws Interrupted). */
  async sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise<void>((r) => (timer = setTimeout(r, ms))), this.happened]);
    clearTimeout(timer);
    this.check();
  }

  /** guard wraps an IO so that nothing is written once the command is interrupted, as kubectl's exit leaves it. */
  guard(io: IO): IO {
    return {
      ...io,
      out: (t) => {
        if (!this.interrupted) io.out(t);
      },
      err: (t) => {
        if (!this.interrupted) io.err(t);
      },
    };
  }

  /**
   * race answers the work's exit code, or `code` as soon as the command is interrupted (the work's own ending,
   * or its failure, is then ignored); the signal is let go of either way. Without a signal it is the work itself.
   */
  async race<T>(work: Promise<T>, code: number = INTERRUPTED_EXIT): Promise<T | number> {
    if (!this.signal) return work;
    work.catch(() => undefined); // a failure after the interruption is no one's to report
    try {
      return await Promise.race([work, this.happened.then(() => code)]);
    } catch (err) {
      if (err instanceof Interrupted || this.interrupted) return code;
      throw err;
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    this.unhook();
    this.streams.clear();
  }
}

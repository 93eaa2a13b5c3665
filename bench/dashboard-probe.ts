/**
 * The dashboard under measurement, in a process of its own (so its RSS is its own): the real App, drawn by Ink to
 * a terminal-sized fake stdout, reading a daemon over HTTPS. Prints one JSON line:
 * { firstFrameMs, keyMs: number[], rssMiB }.
 *   node dist/bench/dashboard-probe.js KUBECONFIG PODS
 */
import { EventEmitter } from 'node:events';

/** Stdout is a 160x50 terminal that records when each frame is written. */
class Stdout extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 160;
  readonly rows = 50;
  last = '';
  private waiters: ((frame: string) => void)[] = [];
  write = (frame: string): boolean => {
    // Ink brackets each frame with synchronized-output and cursor sequences, written apart: only content counts.
    if (/^(\x1b\[\?\d+[hl])+$/.test(frame)) return true;
    this.last = frame;
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn(frame);
    return true;
  };
  /** nextFrame resolves with the next frame written. */
  nextFrame(): Promise<string> {
    return new Promise((r) => this.waiters.push(r));
  }
}

/** Stdin is a terminal the probe types into. */
class Stdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  type(s: string): void {
    this.data = s;
    this.emit('readable');
    this.emit('data', s);
  }
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

async function main(): Promise<void> {
  const [kubeconfig, podsArg] = process.argv.slice(2);
  const pods = Number(podsArg);
  // The process as `minik9s dashboard` prepares it (no CI mode, React's production build, heap growth).
  const { prepareDashboardProcess } = await import('../src/tui/process.js');
  prepareDashboardProcess();
  // Colours are decided from the real stdout (a pipe here): force them, or the cursor (inverse video) is invisible
  // and a keypress changes nothing on screen.
  process.env.FORCE_COLOR = '3';
  // No JSX in this file: react/jsx-runtime would load (in development mode) before NODE_ENV is set, and a mix of
  // React builds renders nothing. createElement comes from the React the dashboard uses.
  const { createElement } = await import('react');
  const { render } = await import('ink');
  const { App } = await import('../src/tui/app.js');
  const { INK_MAX_FPS } = await import('../src/tui/run.js');
  const { clientFromKubeconfig } = await import('../src/client/kubeconfig.js');
  const { client, context } = await clientFromKubeconfig({ kubeconfig });
  // A terminal's stdin keeps a process alive; this fake one does not, so hold the event loop open ourselves.
  const keepAlive = setInterval(() => {}, 1000);
  const stdout = new Stdout();
  const stdin = new Stdin();
  const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  const t0 = performance.now();
  // As `minik9s dashboard` opens a simulated cluster: with its traffic endpoint, so the REQS columns are drawn.
  const traffic = {
    burst: (namespace: string, service: string) => client.request('POST', '/minik9s/v1/traffic', { namespace, service }),
    read: () => client.request<{ burst: null; pods?: Record<string, number> }>('GET', '/minik9s/v1/traffic'),
  };
  const app = render(createElement(App, { client, context, namespace: '', onExit: () => {}, simulated: true, traffic }), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: INK_MAX_FPS, // as runDashboard renders it
  });
  // The first full frame: every pod listed (the title counts them) and rows drawn.
  for (;;) {
    const f = strip(await stdout.nextFrame());
    const n = Number(/Pods\(all\)\[(\d+)\]/.exec(f)?.[1] ?? -1);
    if (n >= pods && !f.includes("Loading")) break;
  }
  const firstFrameMs = performance.now() - t0;
  // Keypress to frame: j and k in turn at a brisk typing pace (8 a second), each timed to the frame that shows it.
  const keyMs: number[] = [];
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 120));
    const frame = stdout.nextFrame();
    const s = performance.now();
    stdin.type(i % 2 ? 'k' : 'j');
    await frame;
    keyMs.push(performance.now() - s);
  }
  const rssMiB = process.memoryUsage().rss / 2 ** 20;
  clearInterval(keepAlive);
  app.unmount();
  client.close();
  console.log(JSON.stringify({ firstFrameMs, keyMs, rssMiB }));
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type Result } from 'execa';
import { KUBECTL } from '../setup/tools.js';

/** BIN is the built CLI (`npm test` builds it first). */
export const BIN = path.resolve(import.meta.dirname, '../../dist/src/cli/main.js');

/** TestEnv is a private MINIK9S_HOME + KUBECONFIG + kubectl cache, so tests never touch the real ~/.kube. */
export interface TestEnv {
  dir: string;
  env: Record<string, string>;
  /** Runs the minik9s CLI. */
  cli(args: string[], opts?: { env?: Record<string, string> }): Promise<Result>;
  /** Runs the real kubectl 1.35 against this env's kubeconfig. */
  kubectl(args: string[]): Promise<Result>;
  /** Stops every daemon this env started and removes its files. */
  cleanup(): Promise<void>;
}

export function makeEnv(): TestEnv {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-test-'));
  const env = {
    MINIK9S_HOME: path.join(dir, 'home'),
    KUBECONFIG: path.join(dir, 'kubeconfig'),
    HOME: dir,
    NO_COLOR: '1',
    CI: 'true',
  };
  const cli = (args: string[], opts: { env?: Record<string, string> } = {}) =>
    execa(process.execPath, [BIN, ...args], { env: { ...env, ...opts.env }, reject: false, stdin: 'ignore', timeout: 60_000, stripFinalNewline: false });
  const kubectl = (args: string[]) =>
    execa(KUBECTL, ['--cache-dir', path.join(dir, 'kube-cache'), ...args], { env, reject: false, stdin: 'ignore', timeout: 60_000 });
  return {
    dir,
    env,
    cli,
    kubectl,
    async cleanup() {
      const profiles = path.join(env.MINIK9S_HOME, 'profiles');
      if (existsSync(profiles)) {
        for (const p of (await import('node:fs')).readdirSync(profiles)) {
          const cfg = path.join(profiles, p, 'config.json');
          if (!existsSync(cfg)) continue;
          const pid = (JSON.parse(readFileSync(cfg, 'utf8')) as { pid?: number }).pid;
          if (pid) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** waitFor polls a condition until it holds or the deadline passes (for the cluster's real clock). */
export async function waitFor<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** columns splits kubectl's table output into rows of cells. */
export function table(stdout: string): string[][] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/));
}

import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { makeEnv, type TestEnv } from '../helpers/env.js';

const GOLDEN = path.join(import.meta.dirname, 'golden');
// UPDATE_GOLDEN=1 rewrites the transcripts from this run; review the diff before committing it.
const update = process.env.UPDATE_GOLDEN === '1';

/**
 * Every command's output and exit code, as a transcript compared with a golden file: the lines a user reads
 * (and scripts parse) cannot change by accident. What differs from run to run (ports, pids, temporary paths,
 * times) is replaced by a placeholder.
 */
describe('the CLI, command by command (golden transcripts)', () => {
  let t: TestEnv;
  beforeAll(() => {
    t = makeEnv();
  });
  afterAll(async () => {
    await t.cli(['delete', '--all']);
    await t.cleanup();
  });

  const normalise = (text: string) =>
    text
      .replaceAll(t.dir, '$TMP')
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
      // The API port in `profile list` (ephemeral ports are five digits here, so the table keeps its widths).
      .replace(/(?<=\| )\d{5}(?= \|)/g, 'PORTS')
      .replace(/\(pid \d+\)/g, '(pid PID)')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME')
      .replace(/in \d+ ms/g, 'in N ms');

  /** transcript runs the commands in order and writes down what each printed and returned. */
  async function transcript(commands: string[][]): Promise<string> {
    let out = '';
    for (const args of commands) {
      const r = await t.cli(args);
      out += `$ minik9s ${args.join(' ')}\n[exit ${r.exitCode}]\n`;
      if (r.stdout) out += normalise(String(r.stdout)).replace(/^/gm, '  ').replace(/ +$/gm, '') + (String(r.stdout).endsWith('\n') ? '' : '\n');
      if (r.stderr) out += normalise(String(r.stderr)).replace(/^/gm, '! ').replace(/ +$/gm, '') + (String(r.stderr).endsWith('\n') ? '' : '\n');
      out += '\n';
    }
    return out;
  }

  function golden(name: string, actual: string): void {
    const file = path.join(GOLDEN, name);
    if (update || !existsSync(file)) writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  }

  it('before any cluster: help, version, usage errors, unknown profiles', async () => {
    golden(
      'cli-no-cluster.txt',
      await transcript([
        ['version'],
        ['--help'],
        ['frobnicate'],
        ['status'],
        ['status', '-o', 'json'],
        ['stop'],
        ['ip'],
        ['node', 'list'],
        ['addons', 'list'],
        ['service', 'list'],
        ['tunnel'],
        ['kubectl', 'get', 'pods'],
        ['profile', 'list'],
        ['profile'],
        ['start', '--nodes', '0'],
        ['start', '-p', 'Bad_Name'],
        ['status', '-n', '2'],
        ['delete', '--purge'],
        ['delete'],
      ]),
    );
  });

  it('a cluster through its life: start, restart, status, nodes, addons, profiles, stop, start again, delete', async () => {
    golden(
      'cli-lifecycle.txt',
      await transcript([
        ['start', '-n', '2'],
        ['start'],
        ['status'],
        ['status', '-o', 'json'],
        ['ip'],
        ['ip', '-n', 'm02'],
        ['ip', '-n', 'm09'],
        ['node', 'list'],
        ['node', 'add'],
        ['node', 'delete', 'm02'],
        ['node', 'delete', 'minik9s'],
        ['node', 'list'],
        ['addons', 'list'],
        ['addons', 'disable', 'metrics-server'],
        ['addons', 'enable', 'ingress'],
        ['addons', 'enable', 'nope'],
        ['addons', 'enable', 'dashboard'],
        ['service', 'list'],
        ['service', 'ingress-nginx-controller', '-n', 'ingress-nginx', '--url'],
        ['service', 'kube-dns', '-n', 'kube-system'],
        ['image', 'load', 'example.com/team/app:1.0'],
        ['profile', 'list'],
        ['profile'],
        ['profile', 'other'],
        ['profile'],
        ['profile', 'minik9s'],
        ['update-context'],
        ['stop'],
        ['status'],
        ['ip'],
        ['service', 'list'],
        ['tunnel'],
        ['start'],
        ['node', 'list'],
        ['addons', 'list'],
        ['delete'],
        ['status'],
      ]),
    );
  });
});

import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeEnv, waitFor, table, type TestEnv } from '../helpers/env.js';

describe('minik9s start --speed', () => {
  let t: TestEnv | undefined;
  afterAll(async () => {
    await t?.cli(['stop']);
    await t?.cleanup();
  });

  it('runs the cluster clock faster: a CronJob every minute fires every second of wall time', async () => {
    t = makeEnv();
    const r = await t.cli(['start', '--speed', '60']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("* The cluster's clock runs 60 times faster than real time (--speed=60)");
    const conf = JSON.parse(readFileSync(path.join(t.env.MINIK9S_HOME, 'profiles', 'minik9s', 'config.json'), 'utf8'));
    expect(conf.speed).toBe(60);
    const env = t;
    expect((await env.kubectl(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/1 * * * *', '--', 'date'])).exitCode).toBe(0);
    const jobs = await waitFor(async () => {
      const rows = table((await env.kubectl(['get', 'jobs', '--no-headers'])).stdout).filter((row) => row[1] === 'Complete');
      return rows.length >= 2 ? rows : undefined;
    }, 'two completed jobs', 15_000);
    for (const row of jobs) expect(row[0]).toMatch(/^tick-\d+$/);
  });

  it('refuses a speed that is not a positive number', async () => {
    t ??= makeEnv();
    const r = await t.cli(['start', '--speed', '0']);
    expect(r.exitCode).toBe(64);
    expect(r.stderr).toContain('invalid value "0" for --speed');
  });
});

describe('minik9s clock', () => {
  let t: TestEnv | undefined;
  afterAll(async () => {
    await t?.cli(['stop']);
    await t?.cleanup();
  });

  it('shows what happens next, pauses, steps, changes speed and resumes', async () => {
    t = makeEnv();
    expect((await t.cli(['start'])).exitCode).toBe(0);
    const status = await t.cli(['clock']);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^cluster time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(running\)\n/);
    expect(status.stdout).toMatch(/in \S+\s+node minik9s renews its lease/);

    const paused = await t.cli(['clock', 'pause']);
    expect(paused.stdout).toMatch(/^\* The cluster's clock is paused at /);
    const a = (await t.cli(['clock'])).stdout;
    expect(a).toContain('(paused)');
    const step = await t.cli(['clock', 'step']);
    expect(step.stdout).toMatch(/^\* Stepped \S+ to .+: /);
    expect((await t.cli(['clock', 'speed', '5'])).stdout).toBe("* The cluster's clock now runs at 5x\n");
    expect((await t.cli(['clock', 'resume'])).stdout).toMatch(/^\* The cluster's clock runs again at 5x, from /);
    expect((await t.cli(['clock'])).stdout).toContain('(running at 5x)');
    const bad = await t.cli(['clock', 'speed', 'fast']);
    expect(bad.exitCode).toBe(64);
    expect((await t.cli(['clock', '-p', 'nope'])).exitCode).toBe(85);
  });
});

describe('minik9s image', () => {
  let t: TestEnv | undefined;
  afterAll(async () => {
    await t?.cli(['stop']);
    await t?.cleanup();
  });

  it('loads an image the registry does not have, so pods can run it, and keeps it across a restart', async () => {
    t = makeEnv();
    expect((await t.cli(['start'])).exitCode).toBe(0);
    const env = t;
    expect((await env.kubectl(['run', 'before', '--image=myapp:1.0'])).exitCode).toBe(0);
    await waitFor(async () => /ErrImagePull|ImagePullBackOff/.test((await env.kubectl(['get', 'pod', 'before', '--no-headers'])).stdout), 'the pull to fail');
    const load = await env.cli(['image', 'load', 'myapp:1.0']);
    expect(load.exitCode, load.stderr).toBe(0);
    expect((await env.cli(['image', 'ls'])).stdout).toContain('docker.io/library/myapp:1.0\n');
    expect((await env.kubectl(['run', 'after', '--image=myapp:1.0'])).exitCode).toBe(0);
    await waitFor(async () => table((await env.kubectl(['get', 'pod', 'after', '--no-headers'])).stdout)[0]?.[2] === 'Running', 'the loaded image to run');
    expect((await env.cli(['stop'])).exitCode).toBe(0);
    expect((await env.cli(['start'])).exitCode).toBe(0);
    expect((await env.cli(['image', 'ls'])).stdout).toContain('docker.io/library/myapp:1.0\n');
    const bad = await env.cli(['image', 'load', 'Bad Name']);
    expect(bad.exitCode).toBe(64);
    expect(bad.stderr).toContain('invalid reference format');
  });
});

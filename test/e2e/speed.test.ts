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

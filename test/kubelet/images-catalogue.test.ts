import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ManualClock } from '../../src/cluster/clock.js';
import type { KubeObject } from '../../src/api/types.js';
import { podStatus } from '../../src/api/printers/core.js';
import { lookupImage, pullError } from '../../src/kubelet/images.js';
import { renderLogLine } from '../../src/kubelet/logs.js';
import { startCluster, podKind, type P } from '../controllers/helpers.js';

let c: Cluster;
let clock: ManualClock;
beforeEach(async () => {
  ({ c, clock } = await startCluster());
});
afterEach(async () => {
  await c.stop();
});

const pod = (name: string, container: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'app', ...container }], ...spec },
});
const get = (name: string) => c.registry.get(podKind, 'default', name) as P;
const cs = (name: string) => get(name).status!.containerStatuses![0]!;
const status = (name: string) => podStatus(get(name), clock.now()).status;
const log = (name: string, previous = false): string[] => {
  const r = c.containerLog(get(name), 'app', previous);
  if (!('log' in r)) throw new Error(r.error);
  return r.log.lines().map((l) => l.text);
};

// Each server image: how a learner runs it, and a line its real start log has (the last line it prints, or one
// near the end when the real last line is a blank or a banner).
const servers: { name: string; container: Record<string, unknown>; line: RegExp }[] = [
  { name: 'traefik', container: { image: 'traefik:v3.5' }, line: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ INF Starting provider \*acme\.ChallengeTLSALPN$/ },
  { name: 'echo', container: { image: 'registry.k8s.io/echoserver:1.10' }, line: /^Starting nginx$/ },
  { name: 'http-echo', container: { image: 'hashicorp/http-echo', args: ['-text=hello'] }, line: /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[INFO\] server is listening on :5678$/ },
  { name: 'mongo', container: { image: 'mongo:8.0' }, line: /^\{"t":\{"\$date":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00"\},"s":"I", {2}"c":"NETWORK", {2}"id":23016, {3}"ctx":"listener","msg":"Waiting for connections","attr":\{"port":27017,"ssl":"off"\}\}$/ },
  { name: 'memcached', container: { image: 'memcached:1.6' }, line: /^$/ }, // memcached prints nothing without -v
  { name: 'rabbitmq', container: { image: 'rabbitmq:4-management' }, line: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00 \[info\] <[\d.]+> Server startup complete; 3 plugins started\.$/ },
  { name: 'mysql', container: { image: 'mysql:8.4', env: [{ name: 'MYSQL_ROOT_PASSWORD', value: 'secret' }] }, line: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z 0 \[System\] \[MY-010931\] \[Server\] \/usr\/sbin\/mysqld: ready for connections\. Version: '8\.4' {2}socket: '\/var\/run\/mysqld\/mysqld\.sock' {2}port: 3306 {2}MySQL Community Server - GPL\.$/ },
];

describe('the new server images', () => {
  it('each runs to Running and logs its start lines', async () => {
    for (const s of servers) await c.client.create(podKind, 'default', pod(s.name, s.container));
    await clock.advance(10_000);
    for (const s of servers) {
      expect(status(s.name), s.name).toBe('Running');
      expect(cs(s.name).restartCount, s.name).toBe(0);
      const lines = log(s.name);
      if (s.name === 'memcached') expect(lines, 'memcached prints nothing without -v').toEqual([]);
      else expect(lines.some((l) => s.line.test(l)), `${s.name}:\n${lines.join('\n')}`).toBe(true);
    }
    expect(log('mongo').every((l) => JSON.parse(l) as unknown)).toBe(true);
    expect(log('traefik')[0]).toMatch(/ INF Traefik version v3\.5 built on \S+ version=v3\.5$/);
  });

  it('an image with a command that starts its server runs the server', async () => {
    await c.client.create(podKind, 'default', pod('mc', { image: 'memcached', command: ['memcached'], args: ['-m', '64'] }));
    await c.client.create(podKind, 'default', pod('mongod', { image: 'mongo', command: ['mongod', '--bind_ip_all'] }));
    await clock.advance(10_000);
    expect(status('mc')).toBe('Running');
    expect(status('mongod')).toBe('Running');
    expect(log('mongod').some((l) => l.includes('"version":"8.2.2"'))).toBe(true);
  });
});

describe('mysql', () => {
  it('exits 1 without a root password option, with the entrypoint\'s message, then CrashLoopBackOff', async () => {
    await c.client.create(podKind, 'default', pod('db', { image: 'mysql' }));
    await clock.advance(8_000);
    const lines = log('db', true);
    expect(lines.find((l) => l.includes('[ERROR]'))).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00 \[ERROR\] \[Entrypoint\]: Database is uninitialized and password option is not specified$/,
    );
    expect(lines.slice(-4)).toEqual([
      '    You need to specify one of the following as an environment variable:',
      '    - MYSQL_ROOT_PASSWORD',
      '    - MYSQL_ALLOW_EMPTY_PASSWORD',
      '    - MYSQL_RANDOM_ROOT_PASSWORD',
    ]);
    expect(lines[0]).toMatch(/\[Note\] \[Entrypoint\]: Entrypoint script for MySQL Server 9\.5\.0-1\.el9 started\.$/);
    expect(cs('db').restartCount).toBeGreaterThanOrEqual(1);
    expect(cs('db').lastState!.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(status('db')).toBe('CrashLoopBackOff');
  });

  it('runs with MYSQL_ALLOW_EMPTY_PASSWORD', async () => {
    await c.client.create(podKind, 'default', pod('db', { image: 'mysql:9', env: [{ name: 'MYSQL_ALLOW_EMPTY_PASSWORD', value: 'yes' }] }));
    await clock.advance(10_000);
    expect(status('db')).toBe('Running');
    expect(log('db').at(-1)).toMatch(/ready for connections\. Version: '9'/);
  });
});

describe('the simulated registry', () => {
  it('an unknown tag of a new image fails with manifest unknown', async () => {
    await c.client.create(podKind, 'default', pod('tag', { image: 'mongo:doesnotexist' }));
    await clock.advance(1_200);
    expect(cs('tag').state!.waiting).toEqual({
      reason: 'ErrImagePull',
      message: 'rpc error: code = Unknown desc = Error response from daemon: manifest for mongo:doesnotexist not found: manifest unknown: manifest unknown',
    });
  });

  it.each([
    ['traefik:v3', true], ['traefik:3.5.4', true], ['traefik:latest', true], ['traefik:nope', false],
    ['registry.k8s.io/echoserver:1.10', true], ['registry.k8s.io/echoserver:1.4', true], ['registry.k8s.io/echoserver', false],
    ['hashicorp/http-echo:1.0', true], ['hashicorp/http-echo:0.2.3', true], ['hashicorp/http-echo:v1', false],
    ['mysql:8.4', true], ['mysql:lts', true], ['mysql:8.0-debian', true], ['mysql:8.4.7-oraclelinux9', true], ['mysql:foo', false],
    ['mongo:8.0', true], ['mongo:7.0.25-jammy', true], ['mongo:latest', true], ['mongo:eight', false],
    ['memcached:1.6-alpine', true], ['memcached:alpine3.22', true], ['memcached:alpine3', false], ['memcached:1.6.39-bookworm', true],
    ['rabbitmq:management', true], ['rabbitmq:4.1-management-alpine', true], ['rabbitmq:4.2.0-rc.1', true], ['rabbitmq:mgmt', false],
    ['busybox:1.37', true], ['busybox:1.36.1-musl', true], ['alpine:3.22', true], ['alpine:edge', true],
    ['ubuntu:24.04', true], ['ubuntu:noble', true], ['ubuntu:questing', true], ['ubuntu:noble-20250925', true], ['ubuntu:24', false],
  ])('%s pulls: %s', (image, ok) => {
    expect(lookupImage(image).known).toBe(true);
    expect(pullError(image) === undefined).toBe(ok);
  });

  it('new images have their ports, a default version and realistic sizes', () => {
    expect(lookupImage('traefik').ports).toEqual([80, 8080]);
    expect(lookupImage('hashicorp/http-echo').ports).toEqual([5678]);
    expect(lookupImage('docker.io/library/mysql').ports).toContain(3306);
    expect(lookupImage('mongo').ports).toEqual([27017]);
    expect(lookupImage('memcached').ports).toEqual([11211]);
    expect(lookupImage('rabbitmq').ports).toEqual([5672, 15672]);
    expect(lookupImage('registry.k8s.io/echoserver:1.10').ports).toContain(8080);
    expect(lookupImage('mongo').version).toBe('8.2.2');
    expect(lookupImage('hashicorp/http-echo').sizeBytes).toBeLessThan(lookupImage('traefik').sizeBytes);
    expect(lookupImage('mongo').sizeBytes).toBeGreaterThan(lookupImage('mysql').sizeBytes);
  });
});

describe('renderLogLine clocks', () => {
  it('writes each image\'s time format', () => {
    const t = Date.UTC(2026, 0, 2, 3, 4, 5, 67);
    const r = (s: string) => renderLogLine(s, t, { version: '1', pod: 'p' });
    expect(r('{nginxTime}|{pgTime}|{traefikTime}')).toBe('2026/01/02 03:04:05|2026-01-02 03:04:05.067 UTC|2026-01-02T03:04:05Z');
    expect(r('{mysqlTime}|{mysqldTime}')).toBe('2026-01-02 03:04:05+00:00|2026-01-02T03:04:05.067000Z');
    expect(r('{mongoTime}|{rabbitTime}|{pod} {version} {other}')).toBe('2026-01-02T03:04:05.067+00:00|2026-01-02 03:04:05.067000+00:00|p 1 {other}');
    expect(r('{"t":{"$date":"{mongoTime}"}}')).toBe('{"t":{"$date":"2026-01-02T03:04:05.067+00:00"}}');
  });
});

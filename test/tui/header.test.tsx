import './force-color.js';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Header } from '../../src/tui/components/header.js';
import { strip } from './helpers.js';

describe('Header', () => {
  const base = {
    context: 'minik9s',
    cluster: 'minik9s',
    user: 'minik9s',
    server: 'https://127.0.0.1:40000',
    namespace: 'default',
    version: 'v1.35.1',
    nodes: { ready: 1, total: 1 },
    simulated: true,
    clock: { speed: 10, paused: false },
    synced: true,
  };

  it('keeps the context when the line is short: the cluster name goes first, then the version', () => {
    const line = (width: number) => strip(render(<Header {...base} width={width} />).lastFrame()).split('\n')[0]!;
    expect(line(130)).toMatch(/^Context: minik9s {2}Cluster: minik9s {2}Namespace: default {2}K8s: v1\.35\.1 {2}nodes: 1\/1 Ready {2}\[simulated\] {2}clock: 10x/);
    expect(line(100)).toMatch(/^Context: minik9s {2}Namespace: default {2}K8s: v1\.35\.1 {2}nodes: 1\/1 Ready {2}\[simulated\] {2}clock: 10x/);
    expect(line(80)).toMatch(/^Context: minik9s {2}Namespace: default {2}nodes: 1\/1 Ready {2}\[simulated\] {2}clock: 10x/);
  });

  it('the second line: favourites, user, server, CPU and memory; in a view, the crumbs instead', () => {
    const usage = { cpuMilli: 150, memoryBytes: 200 * 2 ** 20, cpuPct: 8, memoryPct: 5 };
    const second = (extra: object) => strip(render(<Header {...base} width={140} usage={usage} favorites={['default', 'kube-system']} {...extra} />).lastFrame()).split('\n')[1]!;
    expect(second({})).toBe('<0> all <1> default <2> kube-system  User: minik9s  Server: https://127.0.0.1:40000  CPU: 8% (150m)  MEM: 5% (200Mi)'.padEnd(140));
    expect(second({ crumbs: ['overview', 'ReplicaSets(hello)'] })).toBe('overview › ReplicaSets(hello)  CPU: 8% (150m)  MEM: 5% (200Mi)'.padEnd(140));
  });
});

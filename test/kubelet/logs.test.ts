import { describe, it, expect } from 'vitest';
import { ContainerLog, renderLogLine } from '../../src/kubelet/logs.js';

const T = Date.UTC(2026, 0, 1, 12, 30, 5);

describe('ContainerLog', () => {
  it('keeps image lines as templates until read, in order with plain lines, within its limit', () => {
    const log = new ContainerLog(5);
    log.appendTemplates(['{nginxTime} start {pod}', 'second {version}', 'third'], T, { pod: 'web-1', version: '1.27' });
    log.append('plain', T + 1000);
    log.appendTemplates(['a', 'b', 'c'], T + 2000, {});
    expect(log.lines().map((l) => l.text)).toEqual(['third', 'plain', 'a', 'b', 'c']);
    expect(log.lines().map((l) => l.time)).toEqual([T, T + 1000, T + 2000, T + 2000, T + 2000]);
  });

  it('renders the templates as the image writes them', () => {
    const log = new ContainerLog();
    log.appendTemplates(['{nginxTime} [notice] 1#1: start worker processes on {pod}'], T, { pod: 'web-1' });
    expect(log.lines()[0]!.text).toBe('2026/01/01 12:30:05 [notice] 1#1: start worker processes on web-1');
    expect(log.lines()[0]!.text).toBe(renderLogLine('{nginxTime} [notice] 1#1: start worker processes on {pod}', T, { pod: 'web-1' }));
  });

  it('gives followers each line as it is written, and nothing after close', () => {
    const log = new ContainerLog();
    const seen: string[] = [];
    let ended = false;
    log.follow((l) => seen.push(l.text), () => (ended = true));
    log.appendTemplates(['one {pod}', 'two'], T, { pod: 'p' });
    log.append('three', T);
    log.close();
    log.append('late', T);
    expect(seen).toEqual(['one p', 'two', 'three']);
    expect(ended).toBe(true);
    expect(log.lines().map((l) => l.text)).toEqual(['one p', 'two', 'three']);
  });
});

import './force-color.js';
import { describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import type { KubeObject } from '../../src/api/types.js';
import { objectKey } from '../../src/client/informer.js';
import { Table } from '../../src/tui/components/table.js';
import { podRenderer } from '../../src/tui/renderers/pod.js';
import { selectedLine, strip } from './helpers.js';

const NOW = Date.UTC(2026, 0, 1);

function fakePods(n: number): KubeObject[] {
  return Array.from({ length: n }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${String(i).padStart(4, '0')}`, namespace: 'default', creationTimestamp: new Date(NOW - 60_000).toISOString() },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, image: 'nginx', imageID: '', state: { running: {} } }] },
  }));
}

describe('Table', () => {
  it('renders only the rows that fit, whatever the size of the list', () => {
    const pods = fakePods(1000);
    const cells = vi.fn((p: KubeObject) => podRenderer.cells(p as never, NOW));
    const ui = render(
      <Table
        columns={podRenderer.columns}
        items={pods}
        rowKey={objectKey}
        cells={cells}
        width={80}
        height={10}
        offset={500}
        cursor={503}
        showCursor
      />,
    );
    const frame = strip(ui.lastFrame());
    const lines = frame.split('\n');
    expect(lines).toHaveLength(11); // the header and ten rows
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS/);
    expect(lines[1]).toMatch(/^pod-0500\s+1\/1\s+Running/);
    expect(lines[10]).toMatch(/^pod-0509 /);
    expect(frame).not.toContain('pod-0499');
    expect(frame).not.toContain('pod-0510');
    // Cells were computed for the visible rows only.
    expect(cells).toHaveBeenCalledTimes(10);
    expect(cells.mock.calls.map(([p]) => p.metadata.name)).toEqual(pods.slice(500, 510).map((p) => p.metadata.name));
    expect(selectedLine(ui.lastFrame())).toMatch(/^pod-0503 /);
    ui.unmount();
  });

  it('clamps the window at the end of the list and shows an empty text', () => {
    const ui = render(
      <Table columns={podRenderer.columns} items={fakePods(12)} rowKey={objectKey} cells={(p) => podRenderer.cells(p as never, NOW)} width={80} height={5} offset={100} cursor={-1} showCursor={false} />,
    );
    const lines = strip(ui.lastFrame()).split('\n');
    expect(lines.slice(1).map((l) => l.slice(0, 8))).toEqual(['pod-0007', 'pod-0008', 'pod-0009', 'pod-0010', 'pod-0011']);
    expect(selectedLine(ui.lastFrame())).toBeUndefined();
    ui.rerender(<Table columns={podRenderer.columns} items={[]} rowKey={objectKey} cells={() => []} width={40} height={5} offset={0} cursor={-1} showCursor emptyText="No pods" />);
    expect(strip(ui.lastFrame())).toContain('No pods');
    ui.unmount();
  });
});

describe('ResourcePane row deltas', () => {
  it('colours a changed row by its delta instead of its status, and leaves the others alone', async () => {
    const { ResourcePane } = await import('../../src/tui/components/resource-pane.js');
    const pods = fakePods(4);
    const deltas: Record<string, 'added' | 'modified' | 'deleted'> = { 'pod-0001': 'added', 'pod-0002': 'modified', 'pod-0003': 'deleted' };
    const ui = render(
      <ResourcePane
        title="Pods"
        items={pods}
        renderer={podRenderer as never}
        now={NOW}
        width={90}
        height={8}
        focused={false}
        delta={(o) => deltas[o.metadata.name!]}
      />,
    );
    const lines = (ui.lastFrame() ?? '').split('\n');
    const colourOf = (name: string) => {
      const line = lines.find((l) => strip(l).includes(name)) ?? '';
      // The colour in force where the row's text starts (the border before it has its own).
      const before = line.slice(0, line.indexOf(name));
      return [...before.matchAll(/\u001b\[(\d+)m/g)].pop()?.[1];
    };
    const plain = colourOf("pod-0000");
    const added = colourOf('pod-0001');
    const modified = colourOf('pod-0002');
    const deleted = colourOf('pod-0003');
    expect(new Set([plain, added, modified, deleted]).size).toBe(4);
    expect(added).toBeDefined();
    expect(deleted).toBeDefined();
    ui.unmount();
  });
});

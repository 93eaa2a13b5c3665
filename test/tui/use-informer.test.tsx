import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Text } from 'ink';
import { mustKind } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/types.js';
import { Cluster } from '../../src/cluster/cluster.js';
import { ManualClock } from '../../src/cluster/clock.js';
import { Informer } from '../../src/client/informer.js';
import { useInformer } from '../../src/tui/hooks/use-informer.js';
import { waitForText } from './helpers.js';

const svcKind = mustKind('v1', 'Service');

function Count(props: { readonly informer: Informer; readonly renders: { n: number } }) {
  useInformer(props.informer, 5);
  props.renders.n++;
  return <Text>services: {props.informer.list().filter((o) => o.metadata.namespace === 'default').length}</Text>;
}

describe('useInformer', () => {
  let cluster: Cluster;
  beforeEach(async () => {
    cluster = await Cluster.start({ clock: new ManualClock() });
  });
  afterEach(async () => {
    await cluster.stop();
  });

  it('re-renders on changes, batching a burst of watch events into a few frames', async () => {
    const informer = new Informer(cluster.client, svcKind).start();
    await informer.synced;
    const renders = { n: 0 };
    const ui = render(<Count informer={informer} renders={renders} />);
    await waitForText(ui.lastFrame, 'services: 1');
    const before = renders.n;
    await Promise.all(
      Array.from({ length: 100 }, (_, i): Promise<KubeObject> =>
        cluster.client.create(svcKind, 'default', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: `svc-${i}` },
          spec: { ports: [{ port: 80 }] },
        }),
      ),
    );
    await waitForText(ui.lastFrame, 'services: 101');
    // 100 ADDED events, but at 5 frames a second only a handful of renders.
    expect(renders.n - before).toBeLessThanOrEqual(5);
    ui.unmount();
    informer.stop();
  });
});

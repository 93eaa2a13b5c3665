import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mustKind } from '../../src/api/kinds.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import { performAction } from '../../src/tui/actions.js';
import { initialState, reducer, type Action, type Dialog } from '../../src/tui/state.js';
import { startCluster } from './helpers.js';

const deployKind = mustKind('apps/v1', 'Deployment');

describe('set image refuses what it cannot apply, and changes nothing', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    ({ cluster } = await startCluster());
  });
  afterAll(() => cluster.stop());

  const dialog = (input: string): Dialog => ({ kind: 'image', targets: [{ kind: deployKind, namespace: 'default', name: 'hello' }], choice: 'ok', input });

  it('the form: an empty line, or a part without an image, is refused in the dialog', () => {
    const key = (input: string, k = {}): Action => ({ type: 'key', input, key: k });
    let s = [{ type: 'rows', pane: 'deployments', keys: ['default/hello'], pageSize: 5 } as Action, key('', { tab: true }), key('i')].reduce(reducer, initialState('default'));
    s = reducer(s, { type: 'dialogInput', value: '' });
    s = [key('', { tab: true }), key('', { return: true })].reduce(reducer, s);
    expect(s.dialog?.error).toBe('an image is needed');
    s = [key('n'), key('g'), key('='), key('', { return: true })].reduce(reducer, s);
    expect(s.dialog?.error).toBe('"ng=": write container=image');
  });

  it('an unknown container is an error from performAction, and the image stays as it was', async () => {
    await expect(performAction(cluster.client, dialog('sidecar=busybox'), 0)).rejects.toThrow('unable to find container named "sidecar"');
    const d = await cluster.client.get<{ spec: { template: { spec: { containers: { image: string }[] } } } } & never>(deployKind, 'default', 'hello');
    expect(d.spec.template.spec.containers[0]!.image).toBe('nginx');
    expect(await performAction(cluster.client, dialog('nginx=nginx:1.27'), 0)).toBe('Set nginx=nginx:1.27 on deployment default/hello');
  });
});

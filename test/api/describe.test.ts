import { describe, expect, it } from 'vitest';
import { alignTabs } from '../../src/api/describe/tabwriter.js';
import { smartLabel } from '../../src/api/describe/generic.js';
import { quantity, rfc1123z } from '../../src/api/describe/writer.js';
import { describe as describeObj } from '../../src/api/describe/index.js';
import { mustKind } from '../../src/api/kinds.js';

describe('alignTabs (Go text/tabwriter, as kubectl describe sets it up)', () => {
  it('aligns a column over consecutive lines that have it, padding 2, and never pads the last cell', () => {
    expect(alignTabs('Name:\tweb\nNamespace:\tdefault\n')).toBe('Name:       web\nNamespace:  default\n');
    expect(alignTabs('a:\tx \n')).toBe('a:  x \n');
  });

  it('a line without a tab ends the block: the next lines align on their own', () => {
    expect(alignTabs('Name:\tweb\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tRS/x\n')).toBe(
      'Name:  web\nIPs:\n  IP:           10.0.0.1\nControlled By:  RS/x\n',
    );
  });

  it('inner columns are aligned within the blocks of the outer one', () => {
    expect(alignTabs('  Type\tReason\tAge\n  ----\t------\t---\n  Normal\tScheduled\t5s\n')).toBe(
      '  Type    Reason     Age\n  ----    ------     ---\n  Normal  Scheduled  5s\n',
    );
    // Continuation lines of a multi-line label: an empty first cell still takes the column.
    expect(alignTabs('Labels:\tapp=web\n\ttier=front\nAnnotations:\t<none>\n')).toBe('Labels:       app=web\n              tier=front\nAnnotations:  <none>\n');
  });
});

describe('describe helpers', () => {
  it('smartLabel titles field names as kubectl 1.35 does', () => {
    expect(smartLabel('apiVersion')).toBe('API Version');
    expect(smartLabel('creationTimestamp')).toBe('Creation Timestamp');
    expect(smartLabel('uid')).toBe('UID');
    expect(smartLabel('podIP')).toBe('Pod Ip');
    expect(smartLabel('clusterIPs')).toBe('Cluster I Ps');
    expect(smartLabel('dummy-dummy')).toBe('Dummy - Dummy');
    expect(smartLabel('dummy2')).toBe('dummy2');
    expect(smartLabel('dummy/dummy')).toBe('dummy/dummy');
  });

  it('quantity prints binary amounts canonically; rfc1123z is Go RFC1123Z', () => {
    expect(quantity('4194304Ki')).toBe('4Gi');
    expect(quantity('61202244Ki')).toBe('61202244Ki');
    expect(quantity('1024Mi')).toBe('1Gi');
    expect(quantity('100m')).toBe('100m');
    expect(quantity('0Ki')).toBe('0');
    const t = rfc1123z('2026-11-22T07:08:15Z');
    expect(t).toMatch(/^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} 2026 \d\d:\d\d:15 [+-]\d{4}$/);
    expect(rfc1123z(undefined)).toBe('<unset>');
  });

  it('the generic describer prints any kind: sorted fields, nested maps indented, lists without markers', () => {
    const text = describeObj(
      mustKind('rbac.authorization.k8s.io/v1', 'ClusterRole'),
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'view', uid: 'u-1', creationTimestamp: '2026-01-01T00:00:00Z', labels: { a: 'b' } },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
      } as never,
      {},
      0,
    );
    expect(text).toBe(
      [
        'Name:         view',
        'Namespace:    ',
        'Labels:       a=b',
        'Annotations:  <none>',
        'API Version:  rbac.authorization.k8s.io/v1',
        'Kind:         ClusterRole',
        'Metadata:',
        '  Creation Timestamp:  2026-01-01T00:00:00Z',
        '  UID:                 u-1',
        'Rules:',
        '  API Groups:',
        '    ',
        '  Resources:',
        '    pods',
        '  Verbs:',
        '    get',
        '    list',
        '',
      ].join('\n'),
    );
  });
});

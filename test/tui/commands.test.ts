import { describe, it, expect } from 'vitest';
import { findKind, parseCommand, suggest } from '../../src/tui/commands.js';
import { initialState, reducer, scopeOf, type DashboardState } from '../../src/tui/state.js';

describe(': commands', () => {
  it.each([
    ['po', 'Pod'],
    ['pod', 'Pod'],
    ['pods', 'Pod'],
    ['Pod', 'Pod'],
    ['deploy', 'Deployment'],
    ['dp', 'Deployment'],
    ['apps/deployments', 'Deployment'],
    ['rs', 'ReplicaSet'],
    ['sts', 'StatefulSet'],
    ['ds', 'DaemonSet'],
    ['job', 'Job'],
    ['cj', 'CronJob'],
    ['svc', 'Service'],
    ['ep', 'Endpoints'],
    ['ing', 'Ingress'],
    ['cm', 'ConfigMap'],
    ['sec', 'Secret'],
    ['sa', 'ServiceAccount'],
    ['pvc', 'PersistentVolumeClaim'],
    ['pv', 'PersistentVolume'],
    ['sc', 'StorageClass'],
    ['no', 'Node'],
    ['ns', 'Namespace'],
    ['hpa', 'HorizontalPodAutoscaler'],
    ['np', 'NetworkPolicy'],
  ])(':%s shows %s', (name, kind) => {
    expect(findKind(name)?.kind).toBe(kind);
  });

  it(':ev is the core Event, as kubectl resolves it', () => {
    expect(findKind('ev')).toMatchObject({ group: '', kind: 'Event' });
  });

  it('reads k9s forms: a namespace, all namespaces, /filter, /!filter, a label selector; :q quits', () => {
    expect(parseCommand('pod kube-system')).toMatchObject({ type: 'view', view: { namespace: 'kube-system' } });
    expect(parseCommand('pod -A')).toMatchObject({ type: 'view', view: { namespace: null } });
    expect(parseCommand('pod /nginx')).toMatchObject({ type: 'view', view: { filter: 'nginx' } });
    expect(parseCommand('pod /!nginx')).toMatchObject({ type: 'view', view: { filter: 'nginx', invert: true } });
    expect(parseCommand('pod app=web')).toMatchObject({ type: 'view', view: { labels: 'app=web' } });
    expect(parseCommand('deploy kube-system /core')).toMatchObject({ type: 'view', view: { namespace: 'kube-system', filter: 'core' } });
    expect(parseCommand('q')).toEqual({ type: 'quit' });
    expect(parseCommand('pause')).toEqual({ type: 'clock', clock: { action: 'pause' } });
    expect(parseCommand('step')).toEqual({ type: 'clock', clock: { action: 'step' } });
    expect(parseCommand('speed 60')).toEqual({ type: 'clock', clock: { action: 'speed', speed: 60 } });
    expect(parseCommand('speed fast')).toMatchObject({ type: 'error', message: ':speed needs a number above 0 (at most 10000), e.g. :speed 60' });
    expect(parseCommand('bogus')).toEqual({ type: 'error', message: '`bogus` command not found' });
    expect(parseCommand('no kube-system')).toEqual({ type: 'error', message: 'nodes are not namespaced' });
    expect(parseCommand('  ')).toMatchObject({ type: 'error' });
  });
});

describe('the command line in the dashboard state', () => {
  const key = (s: DashboardState, input: string, k: Record<string, boolean> = {}) => reducer(s, { type: 'key', input, key: k });
  const type = (s: DashboardState, text: string) => [...text].reduce((acc, ch) => key(acc, ch), s);

  it('Tab completes the resource name; ↑ and ↓ walk the history of commands', () => {
    expect(suggest('dep')).toBe('loyments');
    expect(suggest('p')).toBe('ods');
    expect(suggest('po')).toBeUndefined(); // a short name is a whole command already
    expect(suggest('deploy x')).toBeUndefined();
    expect(suggest('zzz')).toBeUndefined();
    expect(suggest('pa')).toBe('use');
    let s = key(type(key(initialState('default'), ':'), 'dep'), '', { tab: true });
    expect(s.prompt).toBe('deployments');
    s = key(s, '', { return: true });
    s = key(type(key(s, ':'), 'nope'), '', { return: true });
    s = key(type(key(s, ':'), 'po -A'), '', { return: true });
    expect(s.history).toEqual(['deployments', 'nope', 'po -A']);
    s = key(s, ':');
    s = key(s, '', { upArrow: true });
    expect(s.prompt).toBe('po -A');
    s = key(key(s, '', { upArrow: true }), '', { upArrow: true });
    expect(s.prompt).toBe('deployments');
    s = key(s, '', { upArrow: true }); // stays at the oldest
    expect(s.prompt).toBe('deployments');
    s = key(key(key(s, '', { downArrow: true }), '', { downArrow: true }), '', { downArrow: true });
    expect(s.prompt).toBe(''); // past the newest: an empty line
    // The same command twice in a row is kept once.
    s = key(type(key(key(s, '', { escape: true }), ':'), 'po -A'), '', { return: true });
    expect(s.history).toEqual(['deployments', 'nope', 'po -A']);
  });

  it(': opens it, typing fills it, Enter opens the view and switches namespace; Esc goes back', () => {
    let s = initialState('default');
    s = key(s, ':');
    expect(scopeOf(s)).toBe('prompt');
    s = type(s, 'cm kube-syst');
    s = key(s, '', { backspace: true });
    s = type(s, 'tem');
    expect(s.prompt).toBe('cm kube-system');
    s = key(s, '', { return: true });
    expect(s.prompt).toBeUndefined();
    expect(s.view?.kind.kind).toBe('ConfigMap');
    expect(s.namespace).toBe('kube-system');
    expect(scopeOf(s)).toBe('main');
    s = key(s, '', { escape: true });
    expect(s.view).toBeUndefined();
    expect(s.namespace).toBe('kube-system');
  });

  it('takes a whole read at once (":po -A⏎"), cancels with Esc, and flashes an unknown command', () => {
    let s = key(initialState('default'), ':po -A\r');
    expect(s.view?.kind.kind).toBe('Pod');
    expect(s.namespace).toBeUndefined();
    s = key(s, ':');
    s = type(s, 'deploy');
    s = key(s, '', { escape: true });
    expect(s.prompt).toBeUndefined();
    expect(s.view?.kind.kind).toBe('Pod');
    s = key(s, ':nope\r');
    expect(s.flash).toMatchObject({ text: '`nope` command not found', level: 'error' });
    expect(s.view?.kind.kind).toBe('Pod');
  });

  it('in a view of pods, ctrl-d asks to delete the selected pod; in a view of namespaces, Enter switches to one', () => {
    let s = key(initialState('default'), ':po\r');
    s = reducer(s, { type: 'rows', pane: 'view', keys: ['default/a', 'default/b'], pageSize: 10 });
    s = key(s, 'j');
    s = key(s, 'd', { ctrl: true });
    expect(s.dialog).toMatchObject({ kind: 'delete', targets: [{ namespace: 'default', name: 'b' }] });
    s = key(key(s, '', { escape: true }), ':ns\r');
    s = reducer(s, { type: 'rows', pane: 'view', keys: ['default', 'kube-system'], pageSize: 10 });
    s = key(key(s, 'j'), '', { return: true });
    expect(s.namespace).toBe('kube-system');
    expect(s.view).toBeUndefined();
  });

  it(':pause asks for a clock request; x on a pod asks to crash it', () => {
    const s = key(initialState('default'), ':pause\r');
    expect(s.request).toMatchObject({ kind: 'clock', clock: { action: 'pause' } });
    let p = reducer(initialState('default', true), { type: 'rows', pane: 'pods', keys: ['default/web-1'], pageSize: 10 });
    p = key(p, 'x');
    expect(p.request).toMatchObject({ kind: 'crash', namespace: 'default', name: 'web-1' });
    // Against a real cluster x is no key at all.
    let r = reducer(initialState('default', false), { type: 'rows', pane: 'pods', keys: ['default/web-1'], pageSize: 10 });
    r = key(r, 'x');
    expect(r.request).toBeUndefined();
    // Elsewhere x does nothing.
    let n = reducer(initialState('default', true), { type: 'rows', pane: 'namespaces', keys: ['default'], pageSize: 10 });
    n = key(key(n, '', { tab: true, shift: true }), 'x');
    expect(n.request).toBeUndefined();
  });

  it('Enter drills down (Deployment → ReplicaSets → pods) and Esc climbs back, cursor and all', () => {
    let s = reducer(initialState('default'), { type: 'rows', pane: 'deployments', keys: ['default/web'], pageSize: 10 });
    s = key(s, '', { tab: true }); // pods → deployments
    expect(s.focus).toBe('deployments');
    s = key(s, '', { return: true });
    expect(s.view).toMatchObject({ kind: { kind: 'ReplicaSet' }, parent: { kind: 'Deployment', namespace: 'default', name: 'web' } });
    s = reducer(s, { type: 'rows', pane: 'view', keys: ['default/web-1', 'default/web-2'], pageSize: 10 });
    s = key(s, 'j');
    s = key(s, '', { return: true });
    expect(s.view).toMatchObject({ kind: { kind: 'Pod' }, parent: { kind: 'ReplicaSet', name: 'web-2' } });
    expect(s.viewStack).toHaveLength(1);
    // Enter on a pod lists its containers; a container opens nothing more.
    s = reducer(s, { type: 'rows', pane: 'view', keys: ['default/web-2-abcde'], pageSize: 10 });
    const containers = key(s, '', { return: true });
    expect(containers.view).toMatchObject({ kind: { kind: 'Pod' }, containers: true, parent: { kind: 'Pod', name: 'web-2-abcde' } });
    const c2 = reducer(containers, { type: 'rows', pane: 'view', keys: ['default/nginx'], pageSize: 10 });
    expect(key(c2, '', { return: true }).view).toBe(c2.view);
    s = key(s, '', { escape: true });
    expect(s.view).toMatchObject({ kind: { kind: 'ReplicaSet' } });
    expect(s.cursors.view).toMatchObject({ key: 'default/web-2' });
    s = key(s, '', { escape: true });
    expect(s.view).toBeUndefined();
  });

  it('/ filters the table in front: from the overview it opens the pane full screen, filtered; empty clears', () => {
    let s = key(initialState('default'), '/web\r');
    expect(s.view).toMatchObject({ kind: { kind: 'Pod' }, filter: 'web' });
    expect(s.view?.invert).toBeUndefined();
    s = key(s, '/!web\r');
    expect(s.view).toMatchObject({ kind: { kind: 'Pod' }, filter: 'web', invert: true });
    s = key(s, '/-l app=web\r');
    expect(s.view).toMatchObject({ kind: { kind: 'Pod' }, labels: 'app=web' });
    expect(s.view?.filter).toBeUndefined();
    s = key(s, '/');
    expect(s.promptMode).toBe('filter');
    s = key(s, '', { return: true });
    expect(s.view).toMatchObject({ kind: { kind: 'Pod' } });
    expect(s.view?.labels).toBeUndefined();
    // An empty filter from the overview changes nothing.
    expect(key(initialState('default'), '/\r').view).toBeUndefined();
  });

  it('shift-n, shift-a, shift-s sort the tables; the same key again reverses', () => {
    let s = key(initialState('default'), 'N');
    expect(s.sort).toEqual({ by: 'name', reverse: false });
    s = key(s, 'N');
    expect(s.sort).toEqual({ by: 'name', reverse: true });
    s = key(s, 'A');
    expect(s.sort).toEqual({ by: 'age', reverse: false });
    s = key(s, 'S');
    expect(s.sort).toEqual({ by: 'status', reverse: false });
  });
});


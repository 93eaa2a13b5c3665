import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shellWords } from '../../src/tui/shell-words.js';
import { parseKubectlLine, suggestKubectl } from '../../src/tui/kubectl-line.js';
import { HISTORY_LIMIT, appendHistory, readHistory, remember } from '../../src/tui/kubectl-history.js';
import { type Action, type DashboardState, NOT_BUILT_IN, initialState, reducer, scopeOf, wrapWords } from '../../src/tui/state.js';
import type { KeyPress } from '../../src/tui/keymap.js';

describe('shellWords', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['   ', []],
    ['get pods', ['get', 'pods']],
    ['  get \t pods  -n  kube-system ', ['get', 'pods', '-n', 'kube-system']],
    [`create cm x --from-literal=k='a b'`, ['create', 'cm', 'x', '--from-literal=k=a b']],
    [`label pod web "note=hello world"`, ['label', 'pod', 'web', 'note=hello world']],
    [`get pods -o 'jsonpath={.items[*].metadata.name}'`, ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}']],
    [`get pods -o jsonpath={.items[*].metadata.name}`, ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}']],
    [`exec web -- sh -c 'echo $HOME | wc -c'`, ['exec', 'web', '--', 'sh', '-c', 'echo $HOME | wc -c']],
    [`a\\ b c`, ['a b', 'c']],
    [`'' x`, ['', 'x']],
    [`""`, ['']],
    [`a"b"'c'd`, ['abcd']],
    [`"say \\"hi\\" \\\\ \\n"`, ['say "hi" \\ \\n']],
    [`'it''s'`, ['its']],
    [`'a\\b'`, ['a\\b']],
    [`"a'b"`, ["a'b"]],
    [`\\'`, ["'"]],
    [`--selector='app in (web, api)'`, ['--selector=app in (web, api)']],
  ])('%j → %j', (line, words) => {
    expect(shellWords(line)).toEqual({ words });
  });

  it.each<[string, RegExp]>([
    [`get pods 'web`, /single quote is not closed/],
    [`get pods "web`, /double quote is not closed/],
    [`get pods \\`, /ends with a backslash/],
    [`get pods | grep web`, /a pipe \(\|\) needs a shell/],
    [`get pods > pods.txt`, /a redirection/],
    [`get pods; get svc`, /a list of commands/],
    [`get pods -n $NS`, /a variable/],
    [`get pods -n "$NS"`, /a variable/],
    ['get pods `x`', /command substitution/],
  ])('%j is refused', (line, message) => {
    const r = shellWords(line);
    expect('error' in r && r.error).toMatch(message);
  });

  it('expands ~ at the start of a word only, and only when given a home', () => {
    expect(shellWords('apply -f ~/web.yaml ~ a~b "~/x"', { home: '/home/me' })).toEqual({ words: ['apply', '-f', '/home/me/web.yaml', '/home/me', 'a~b', '~/x'] });
    expect(shellWords('apply -f ~/web.yaml')).toEqual({ words: ['apply', '-f', '~/web.yaml'] });
  });
});

describe('parseKubectlLine', () => {
  it.each<[string, string[]]>([
    ['kubectl scale deploy web --replicas=5', ['scale', 'deploy', 'web', '--replicas=5']],
    ['scale deploy web --replicas=5', ['scale', 'deploy', 'web', '--replicas=5']],
    ['get pods -owide', ['get', 'pods', '-owide']],
    ['logs web-1 --follow=false', ['logs', 'web-1', '--follow=false']],
    ['logs web-1 --tail 5', ['logs', 'web-1', '--tail', '5']],
    ['exec web-1 -- ls -f /', ['exec', 'web-1', '--', 'ls', '-f', '/']],
    ['-n kube-system get pods', ['-n', 'kube-system', 'get', 'pods']],
    ['run x --image=nginx', ['run', 'x', '--image=nginx']],
  ])('%j runs %j', (line, args) => {
    expect(parseKubectlLine(line)).toEqual({ type: 'run', args });
  });

  it.each<[string, RegExp]>([
    ['kubectl logs -f web-1', /logs -f streams.*press l on the pod/],
    ['logs web-1 --follow', /logs -f streams/],
    ['get pods -w', /get -w streams.*live already/],
    ['get pods --watch-only', /get -w streams/],
    ['-n x get pods --watch', /get -w/],
    ['exec -it web-1 -- sh', /exec -i\/-t needs the terminal.*press s/],
    ['exec web-1 -i -- sh', /needs the terminal/],
    ['exec web-1 --tty -- sh', /needs the terminal/],
    ['edit deploy web', /press e/],
    ['port-forward svc/web 8080:80', /port-forward runs until you stop it/],
    ['attach web-1', /attach needs the terminal/],
    ['apply -f -', /reads standard input/],
    ['create --filename=- ', /reads standard input/],
    ['get pods | head', /pipe/],
  ])('%j is refused', (line, message) => {
    const r = parseKubectlLine(line);
    expect(r.type).toBe('refuse');
    expect(r.type === 'refuse' && r.message).toMatch(message);
  });

  it('has nothing to run on an empty line or kubectl alone', () => {
    expect(parseKubectlLine('')).toEqual({ type: 'empty' });
    expect(parseKubectlLine(' kubectl ')).toEqual({ type: 'empty' });
  });

  it('completes the command name, after kubectl or without it', () => {
    expect(suggestKubectl('sc')).toBe('ale');
    expect(suggestKubectl('kubectl sc')).toBe('ale');
    expect(suggestKubectl('ku')).toBe('bectl');
    expect(suggestKubectl('kubectl ro')).toBe('llout');
    expect(suggestKubectl('get')).toBeUndefined();
    expect(suggestKubectl('get po')).toBeUndefined();
    expect(suggestKubectl('zz')).toBeUndefined();
    expect(suggestKubectl('')).toBeUndefined();
  });
});

describe('the ! history', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('remembers lines as shells do: no blanks, no repeat in a row, the last 100', () => {
    let h: readonly string[] = [];
    for (const l of ['get pods', 'get pods', '  ', 'get svc', 'get pods']) h = remember(h, l);
    expect(h).toEqual(['get pods', 'get svc', 'get pods']);
    for (let i = 0; i < 150; i++) h = remember(h, `get pod p${i}`);
    expect(h).toHaveLength(HISTORY_LIMIT);
    expect(h.at(-1)).toBe('get pod p149');
    expect(h[0]).toBe('get pod p50');
  });

  it('is kept in a file: the last 100 lines, created when missing, kept when unreadable', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'minik9s-hist-'));
    const file = path.join(dir, 'home', 'kubectl_history');
    expect(readHistory(file)).toEqual([]);
    appendHistory(file, 'get pods');
    appendHistory(file, 'get pods');
    appendHistory(file, 'scale deploy web --replicas=5');
    expect(readFileSync(file, 'utf8')).toBe('get pods\nscale deploy web --replicas=5\n');
    for (let i = 0; i < 120; i++) appendHistory(file, `get pod p${i}`);
    const lines = readHistory(file);
    expect(lines).toHaveLength(100);
    expect(lines.at(-1)).toBe('get pod p119');
    // Another dashboard's lines written meanwhile are kept.
    writeFileSync(file, 'from another\n');
    appendHistory(file, 'mine');
    expect(readHistory(file)).toEqual(['from another', 'mine']);
  });

  const run = (s: DashboardState, ...actions: Action[]) => actions.reduce(reducer, s);

  it('walks back through the prompt: ↑ most recent first, ↓ forward to an empty line', () => {
    const key = (input: string, k: KeyPress = {}): Action => ({ type: 'key', input, key: k });
    const run = (s: DashboardState, ...actions: Action[]) => actions.reduce(reducer, s);
    let s = initialState('default', true, false, { kubectlHistory: ['get pods', 'get svc'] });
    s = run(s, key('!'));
    expect(scopeOf(s)).toBe('prompt');
    expect(s.promptMode).toBe('kubectl');
    s = run(s, key('', { upArrow: true }));
    expect(s.prompt).toBe('get svc');
    s = run(s, key('', { upArrow: true }), key('', { upArrow: true }));
    expect(s.prompt).toBe('get pods');
    s = run(s, key('', { downArrow: true }), key('', { downArrow: true }));
    expect(s.prompt).toBe('');
    // The `:` line keeps its own history.
    s = run(s, key('', { escape: true }), key(':'), key('', { upArrow: true }));
    expect(s.prompt).toBe('');
  });

  it('runs a line: the history gains it, a request carries its words, the output pane opens', () => {
    const run = (s: DashboardState, ...actions: Action[]) => actions.reduce(reducer, s);
    let s = run(initialState('default'), { type: 'key', input: '!kubectl get pod "my pod"\r', key: {} });
    expect(s.prompt).toBeUndefined();
    expect(s.kubectlHistory).toEqual(['kubectl get pod "my pod"']);
    expect(s.request).toMatchObject({ kind: 'kubectl', line: 'kubectl get pod "my pod"', args: ['get', 'pod', 'my pod'] });
    expect(s.output).toMatchObject({ status: 'running', lines: [] });
    expect(scopeOf(s)).toBe('output');
    const id = s.request!.id;
    s = run(s, { type: 'outputPage', rows: 2, columns: 40 }, { type: 'kubectlOutput', run: id, from: 'err', lines: ['a', 'b', 'c'] }, { type: 'kubectlDone', run: id, line: 'kubectl get pod "my pod"', code: 1 });
    expect(s.output).toMatchObject({ status: 'done', code: 1, offset: 2, follow: true });
    expect(s.output!.lines.map((l) => `${l.from}:${l.text}`)).toEqual(['err:a', 'err:b', 'err:c', 'note:exit code 1']);
    // Scrolling up stops following; output of another run is not mixed in.
    s = run(s, { type: 'key', input: 'k', key: {} }, { type: 'kubectlOutput', run: id - 1, from: 'out', lines: ['late'] });
    expect(s.output).toMatchObject({ offset: 1, follow: false });
    expect(s.output!.lines).toHaveLength(4);
    // A line the built-in does not know; then Esc closes the pane.
    s = run(s, { type: 'key', input: '!', key: {} }, { type: 'key', input: 'kustomize .\r', key: {} });
    const id2 = s.request!.id;
    s = run(s, { type: 'kubectlDone', run: id2, line: 'kustomize .', code: undefined });
    expect(s.output).toMatchObject({ status: 'not-built-in' });
    // The note wraps to the pane's 40 columns.
    expect(s.output!.lines.every((l) => l.from === 'note' && l.text.length <= 40)).toBe(true);
    expect(s.output!.lines.map((l) => l.text).join(' ')).toBe(NOT_BUILT_IN);
    s = run(s, { type: 'key', input: '', key: { escape: true } });
    expect(s.output).toBeUndefined();
    expect(scopeOf(s)).toBe('main');
    // A command that ends after its pane was closed says so on the flash line.
    s = run(s, { type: 'key', input: '!rollout status deploy/web\r', key: {} }, { type: 'key', input: '', key: { escape: true } });
    s = run(s, { type: 'kubectlDone', run: s.request!.id, line: 'rollout status deploy/web', code: 0 });
    expect(s.flash).toMatchObject({ text: 'kubectl rollout status deploy/web finished', level: 'info' });
  });

  it('wraps errors and notes at blanks to the pane, never kubectl\'s tables', () => {
    expect(wrapWords('short', 20)).toEqual(['short']);
    expect(wrapWords('kubectl logs -f streams until you stop it', 20)).toEqual(['kubectl logs -f', 'streams until you', 'stop it']);
    expect(wrapWords('a-very-long-word-without-blanks end', 10)).toEqual(['a-very-lon', 'g-word-wit', 'hout-blank', 's end']);
    let s = run(initialState('default'), { type: 'outputPage', rows: 5, columns: 20 }, { type: 'key', input: '!get x\r', key: {} });
    const id = s.request!.id;
    s = run(s, { type: 'kubectlOutput', run: id, from: 'out', lines: ['NAME      READY   STATUS    RESTARTS'] }, { type: 'kubectlOutput', run: id, from: 'err', lines: ['Error from server (NotFound): x'] });
    expect(s.output!.lines).toEqual([
      { text: 'NAME      READY   STATUS    RESTARTS', from: 'out' },
      { text: 'Error from server', from: 'err' },
      { text: '(NotFound): x', from: 'err' },
    ]);
  });

  it('refuses a streaming line without running it, and is off in --readonly', () => {
    const s = reducer(initialState('default'), { type: 'key', input: '!logs -f web\r', key: {} });
    expect(s.request).toMatchObject({ kind: 'kubectl', line: 'logs -f web', args: undefined });
    expect(s.output).toMatchObject({ status: 'refused' });
    expect(s.output!.lines[0]!.text).toMatch(/logs -f streams/);
    const ro = reducer(initialState('default', false, true), { type: 'key', input: '!', key: {} });
    expect(ro.prompt).toBeUndefined();
  });
});

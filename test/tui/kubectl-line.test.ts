import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shellWords } from '../../src/tui/shell-words.js';
import { parseKubectlLine, suggestKubectl } from '../../src/tui/kubectl-line.js';
import { HISTORY_LIMIT, appendHistory, carriesSecret, readHistory, remember } from '../../src/tui/kubectl-history.js';
import { type Action, type DashboardState, NOT_BUILT_IN, OUTPUT_LIMIT, appendBounded, initialState, modesOf, reducer, scopeOf, wrapWords } from '../../src/tui/state.js';
import { commandFor, hintsFor, type KeyPress } from '../../src/tui/keymap.js';

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

  it.each<[string, string[]]>([
    ['kubectl logs -f web-1', ['logs', '-f', 'web-1']],
    ['logs web-1 --follow', ['logs', 'web-1', '--follow']],
    ['get pods -w', ['get', 'pods', '-w']],
    ['get pods --watch-only', ['get', 'pods', '--watch-only']],
    ['-n x get pods --watch', ['-n', 'x', 'get', 'pods', '--watch']],
  ])('%j runs as a stream, until stopped', (line, args) => {
    expect(parseKubectlLine(line)).toEqual({ type: 'run', args, stream: true });
  });

  it.each<[string, RegExp]>([
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
    // Lines that likely carry a credential stay out of the file.
    appendHistory(file, 'create secret generic db --from-literal=password=s3cret');
    appendHistory(file, 'config set-credentials u --token=abc');
    expect(readHistory(file)).toEqual(['from another', 'mine']);
    expect(carriesSecret('create secret generic s --from-file=key')).toBe(true);
    expect(carriesSecret('get secrets')).toBe(false);
    expect(carriesSecret('get pods')).toBe(false);
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

  it('refuses a line that needs the terminal without running it, and is off in --readonly', () => {
    const s = reducer(initialState('default'), { type: 'key', input: '!exec -it web -- sh\r', key: {} });
    expect(s.request).toMatchObject({ kind: 'kubectl', line: 'exec -it web -- sh', args: undefined });
    expect(s.output).toMatchObject({ status: 'refused' });
    expect(s.output!.lines[0]!.text).toMatch(/needs the terminal/);
    const ro = reducer(initialState('default', false, true), { type: 'key', input: '!', key: {} });
    expect(ro.prompt).toBeUndefined();
  });

  const ctrlC: Action = { type: 'key', input: 'c', key: { ctrl: true } };
  const esc: Action = { type: 'key', input: '', key: { escape: true } };

  it('stops a running command with ctrl-c: [stopped], no exit code; with nothing running ctrl-c quits', () => {
    let s = run(initialState('default'), { type: 'key', input: '!get pods -w\r', key: {} });
    const id = s.request!.id;
    expect(s.request).toMatchObject({ kind: 'kubectl', args: ['get', 'pods', '-w'], stream: true });
    expect(s.output).toMatchObject({ status: 'running', stream: true });
    // ctrl-c is the stop key while it runs, and the hint bar says so.
    expect(commandFor('output', 'Pod', 'c', { ctrl: true }, modesOf(s))).toBe('output.stop');
    expect(hintsFor('output', 'Pod', modesOf(s))).toContainEqual({ keys: 'ctrl-c', hint: 'stop', pinned: true });
    s = run(s, ctrlC);
    expect(s.quit).toBeFalsy();
    expect(s.request).toMatchObject({ kind: 'kubectlStop', run: id });
    expect(s.output).toMatchObject({ status: 'running', stopping: true });
    // A second ctrl-c while it stops asks nothing more.
    const again = run(s, ctrlC);
    expect(again.request).toBe(s.request);
    s = run(s, { type: 'kubectlOutput', run: id, from: 'out', lines: ['NAME   READY'] }, { type: 'kubectlDone', run: id, line: 'get pods -w', code: 1, stopped: true });
    expect(s.output).toMatchObject({ status: 'stopped', code: 1 });
    expect(s.output!.stopping).toBeUndefined();
    expect(s.output!.lines.map((l) => `${l.from}:${l.text}`)).toEqual(['out:NAME   READY', 'note:stopped']);
    // Nothing runs now: no stop hint, and ctrl-c quits as everywhere.
    expect(hintsFor('output', 'Pod', modesOf(s)).some((h) => h.hint === 'stop')).toBe(false);
    expect(run(s, ctrlC).quit).toBe(true);
  });

  it('stops a stream when its pane closes, lets a finite command finish in the background', () => {
    let s = run(initialState('default'), { type: 'key', input: '!logs -f web\r', key: {} });
    const id = s.request!.id;
    s = run(s, esc);
    expect(s.output).toBeUndefined();
    expect(s.request).toMatchObject({ kind: 'kubectlStop', run: id });
    s = run(s, { type: 'kubectlDone', run: id, line: 'logs -f web', code: 1, stopped: true });
    expect(s.flash).toMatchObject({ text: 'kubectl logs -f web stopped', level: 'info' });
    s = run(s, { type: 'key', input: '!rollout status deploy/web\r', key: {} });
    const finite = s.request!.id;
    s = run(s, esc);
    expect(s.request!.id).toBe(finite); // no stop asked
    expect(s.request).toMatchObject({ kind: 'kubectl' });
  });

  it('keeps the last OUTPUT_LIMIT lines, a scrolled page on the same lines', () => {
    let s = run(initialState('default'), { type: 'outputPage', rows: 10, columns: 80 }, { type: 'key', input: '!logs -f web\r', key: {} });
    const id = s.request!.id;
    const batch = (from: number, n: number): Action => ({ type: 'kubectlOutput', run: id, from: 'out', lines: Array.from({ length: n }, (_, i) => `line ${from + i}`) });
    s = run(s, batch(0, OUTPUT_LIMIT - 5));
    expect(s.output!.lines).toHaveLength(OUTPUT_LIMIT - 5);
    // Scrolled up a page: line 1985 is at the top.
    s = run(s, { type: 'key', input: '', key: { pageUp: true } });
    const top = s.output!.lines[s.output!.offset]!.text;
    s = run(s, batch(OUTPUT_LIMIT - 5, 25));
    expect(s.output!.lines).toHaveLength(OUTPUT_LIMIT);
    expect(s.output!.lines[0]!.text).toBe('line 20');
    expect(s.output!.lines.at(-1)!.text).toBe(`line ${OUTPUT_LIMIT + 19}`);
    expect(s.output!.follow).toBe(false);
    expect(s.output!.lines[s.output!.offset]!.text).toBe(top);
    // A long logs -f stays bounded.
    for (let i = 0; i < 20; i++) s = run(s, batch(OUTPUT_LIMIT + 20 + i * 500, 500));
    expect(s.output!.lines).toHaveLength(OUTPUT_LIMIT);
    expect(s.output!.lines.at(-1)!.text).toBe(`line ${OUTPUT_LIMIT + 20 + 20 * 500 - 1}`);
  });
});

describe('appendBounded', () => {
  it('appends below the limit, keeps the last `limit` above it, and says how many went', () => {
    const old = [1, 2, 3];
    expect(appendBounded(old, [4], 5)).toEqual({ lines: [1, 2, 3, 4], dropped: 0 });
    expect(appendBounded(old, [4, 5, 6], 5)).toEqual({ lines: [2, 3, 4, 5, 6], dropped: 1 });
    expect(appendBounded(old, [4, 5, 6, 7, 8], 5)).toEqual({ lines: [4, 5, 6, 7, 8], dropped: 3 });
    expect(appendBounded(old, [4, 5, 6, 7, 8, 9, 10], 5)).toEqual({ lines: [6, 7, 8, 9, 10], dropped: 3 });
    expect(appendBounded(old, [], 2)).toEqual({ lines: [1, 2, 3], dropped: 0 });
    expect(old).toEqual([1, 2, 3]);
  });
});

import { Text } from 'ink';
import { stringify as stringifyYaml } from 'yaml';
import type { KubeObject } from '../../api/types.js';

/** toYaml prints an object as `kubectl get -o yaml` does: without managedFields (shown only on request). */
export function toYaml(obj: KubeObject): string {
  const { managedFields: _omit, ...metadata } = obj.metadata as KubeObject['metadata'] & { managedFields?: unknown };
  return stringifyYaml({ ...obj, metadata }, { lineWidth: 0 }).trimEnd();
}

/** YamlLine draws one line of YAML with its key in colour, as k9s does. */
export function YamlLine(props: { line: string; width: number }) {
  const m = /^(\s*(?:- )?)([^\s:][^:]*?):( |$)(.*)$/.exec(props.line);
  const pad = (used: number) => ' '.repeat(Math.max(0, props.width - used));
  if (!m) return <Text wrap="truncate">{props.line.slice(0, props.width) + pad(props.line.length)}</Text>;
  return (
    <Text wrap="truncate">
      {m[1]}
      <Text color="cyan">{m[2]}</Text>:{m[3]}
      <Text color="white">{m[4]}</Text>
      {pad(props.line.length)}
    </Text>
  );
}


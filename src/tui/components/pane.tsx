import type { ReactNode } from 'react';
import { Box, Text } from 'ink';

/** PaneProps configure a bordered pane. */
export interface PaneProps {
  readonly title: string;
  /** A shorter title for when `title` does not fit the border. */
  readonly compactTitle?: string;
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  readonly children?: ReactNode;
}

/** FOCUS_COLOR and BLUR_COLOR are the border colours of the focused pane and the others. */
export const FOCUS_COLOR = 'cyan';
export const BLUR_COLOR = 'gray';

/**
 * Pane is a box with its title set in the top border, k9s style (`┌ Pods(default)[3] ───┐`); the focused pane's
 * border and title are highlighted.
 */
export function Pane(props: PaneProps) {
  const { width, height, focused } = props;
  if (width < 4 || height < 2) return null;
  const color = focused ? FOCUS_COLOR : BLUR_COLOR;
  const room = Math.max(0, width - 4);
  const wanted = props.compactTitle && props.title.length + 2 > room ? props.compactTitle : props.title;
  const title = [...` ${wanted} `].slice(0, room).join('');
  const rest = Math.max(0, width - 3 - [...title].length);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text color={color}>┌─</Text>
        <Text color={focused ? FOCUS_COLOR : 'white'} bold={focused}>
          {title}
        </Text>
        <Text color={color}>{'─'.repeat(rest)}┐</Text>
      </Text>
      <Box
        borderStyle="single"
        borderTop={false}
        borderColor={color}
        width={width}
        height={height - 1}
        flexDirection="column"
        overflow="hidden"
      >
        {props.children}
      </Box>
    </Box>
  );
}

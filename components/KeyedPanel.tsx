/** A full-screen panel of the approval views: rounded border, a bold title row, the body, and the keys on the last row. */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';

export function KeyedPanel(props: { title: string; keys: string; borderColor: string; width: number; height: number; children: ReactNode }) {
  const { title, keys, borderColor, width, height, children } = props;
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={borderColor} paddingX={1} overflow="hidden">
      <Text bold wrap="truncate">{title}</Text>
      {children}
      <Box flexGrow={1} />
      <Text color="gray" wrap="truncate">
        {keys}
      </Text>
    </Box>
  );
}

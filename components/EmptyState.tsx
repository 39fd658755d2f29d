/** The pane area with no agents yet: how to start one. */
import { Box, Text } from 'ink';

export function EmptyState({ prefix, width, height }: { prefix: string; width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="single" borderColor="gray" alignItems="center" justifyContent="center" overflow="hidden">
      <Text bold>No agents yet</Text>
      <Text wrap="truncate">{`${prefix} c  new agent    ${prefix} ?  keys`}</Text>
    </Box>
  );
}

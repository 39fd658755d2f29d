/** The pane area with no agents yet, or none with a pane (all exited): how to start one or see one again. */
import { Box, Text } from 'ink';

export function EmptyState({ prefix, hint, width, height }: { prefix: string; hint?: string | undefined; width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="single" borderColor="gray" alignItems="center" justifyContent="center" overflow="hidden">
      {hint ? (
        <Text wrap="truncate">{hint}</Text>
      ) : (
        <>
          <Text bold>No agents yet</Text>
          <Text wrap="truncate">{`${prefix} c  new agent    ${prefix} ?  keys`}</Text>
        </>
      )}
    </Box>
  );
}

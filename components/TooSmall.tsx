/** Shown instead of the layout when the window is below the minimum size. */
import { Box, Text } from 'ink';

export function TooSmall({ cols, rows, minCols, minRows }: { cols: number; rows: number; minCols: number; minRows: number }) {
  return (
    <Box flexDirection="column" width={cols} height={rows} overflow="hidden">
      <Text color="yellow" wrap="wrap">{`Window too small: ${cols}×${rows}.`}</Text>
      <Text wrap="wrap">{`paseo needs at least ${minCols}×${minRows}. Enlarge it; agents keep running.`}</Text>
    </Box>
  );
}

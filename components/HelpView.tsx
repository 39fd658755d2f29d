/** Every key binding, tmux list-keys style. */
import { Box, Text } from 'ink';

export function HelpView({ prefix, rows, width, height }: { prefix: string; rows: { keys: string; what: string }[]; width: number; height: number }) {
  const keyWidth = Math.max(...rows.map((r) => r.keys.length), 4) + 2;
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" paddingX={1} overflow="hidden">
      <Text bold wrap="truncate">{`Keys: press ${prefix}, then…   (any key closes)`}</Text>
      <Text> </Text>
      {rows.map((r) => (
        <Text key={r.what} wrap="truncate">
          <Text color="cyan">{r.keys.padEnd(keyWidth)}</Text>
          {r.what}
        </Text>
      ))}
      <Text> </Text>
      <Text color="gray" wrap="truncate">
        {`Other keys, paste and mouse go to the focused agent. ${prefix} ${prefix} sends ${prefix} itself.`}
      </Text>
    </Box>
  );
}

/** Every key binding, tmux list-keys style; in two columns when one does not fit the height. */
import { Box, Text } from 'ink';

type Row = { keys: string; what: string };

export function HelpView({ prefix, rows, width, height }: { prefix: string; rows: Row[]; width: number; height: number }) {
  // Border (2), title, two blank lines and the footer.
  const fit = Math.max(1, height - 6);
  const columns = rows.length > fit ? 2 : 1;
  const keyWidth = Math.max(...rows.map((r) => r.keys.length), 4) + (columns > 1 ? 1 : 2);
  const perColumn = Math.ceil(rows.length / columns);
  const columnWidth = Math.floor((width - 4) / columns);
  const cell = (r: Row | undefined) => (r ? `${r.keys.padEnd(keyWidth)}${r.what}` : '').slice(0, columnWidth - 1).padEnd(columnWidth);
  const lines = Array.from({ length: perColumn }, (_, i) => Array.from({ length: columns }, (_, c) => rows[c * perColumn + i]));
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" paddingX={1} overflow="hidden">
      <Text bold wrap="truncate">{`Keys: press ${prefix}, then…   (any key closes)`}</Text>
      <Text> </Text>
      {lines.map((line) => (
        <Text key={line[0]?.what} wrap="truncate">
          {line.map((r, c) => (
            <Text key={c}>
              <Text color="cyan">{(r?.keys ?? '').padEnd(keyWidth).slice(0, columnWidth - 1)}</Text>
              {cell(r).slice(Math.min(keyWidth, columnWidth - 1))}
            </Text>
          ))}
        </Text>
      ))}
      <Text> </Text>
      <Text color="gray" wrap="truncate">
        {`Other keys, paste and mouse go to the focused agent. ${prefix} ${prefix} sends ${prefix} itself.`}
      </Text>
    </Box>
  );
}

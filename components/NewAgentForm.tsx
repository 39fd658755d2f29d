/** The new-agent form: provider (←/→ to choose), cwd, title, first prompt; Tab moves, Enter creates, Esc cancels. */
import { Box, Text } from 'ink';
import type { FormField } from './view-model.js';

export function NewAgentForm({ fields, focus, error, busy, width, height }: { fields: FormField[]; focus: number; error?: string | undefined; busy?: boolean | undefined; width: number; height: number }) {
  const labelWidth = Math.max(...fields.map((f) => f.label.length)) + 2;
  const valueWidth = Math.max(4, width - labelWidth - 6);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="green" paddingX={1} overflow="hidden">
      <Text bold>New agent</Text>
      <Text> </Text>
      {fields.map((field, i) => {
        const active = i === focus;
        const shown = field.choices ? `‹ ${field.value} ›` : field.value;
        const text = shown.length > valueWidth ? `…${shown.slice(shown.length - valueWidth + 1)}` : shown;
        return (
          <Text key={field.label} wrap="truncate">
            <Text color={active ? 'green' : undefined} bold={active}>
              {`${active ? '›' : ' '}${field.label.padEnd(labelWidth)}`}
            </Text>
            {field.value === '' && field.placeholder ? <Text color="gray">{field.placeholder}</Text> : <Text inverse={active && !field.choices}>{text}</Text>}
          </Text>
        );
      })}
      <Text> </Text>
      {error ? <Text color="red" wrap="truncate">{error}</Text> : null}
      <Text color="gray" wrap="truncate">
        {busy ? 'creating…' : 'Tab/↓ next · ←/→ choose · Enter create · Esc cancel'}
      </Text>
    </Box>
  );
}

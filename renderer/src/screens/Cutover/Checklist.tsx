import { Checkbox, List, Stack, Text, ThemeIcon } from '@mantine/core';
import type { Gate } from '../../../../core/cutover/types';

interface Props {
  gate: Gate;
  confirmed: boolean;
  onConfirm(value: boolean): void;
}

/** The gate's checklist: every item Ferry checked, passed or not, with the reason in words. */
export function Checklist({ gate, confirmed, onConfirm }: Props) {
  const needsConfirmation = gate.items.some((i) => i.needsConfirmation);
  return (
    <Stack gap="sm">
      <List spacing="sm" listStyleType="none" data-testid="gate-checklist">
        {gate.items.map((item) => (
          <List.Item
            key={item.id}
            data-testid={`gate-item-${item.id}`}
            data-passed={item.passed ? 'true' : 'false'}
            icon={
              <ThemeIcon color={item.passed ? 'ferry' : 'red.8'} radius="xl" size="md" aria-hidden="true">
                {item.passed ? '✓' : '✗'}
              </ThemeIcon>
            }
          >
            <Text fw={600}>
              {item.label}
              <Text span size="sm" c={item.passed ? 'ferry.8' : 'red.9'}>
                {' '}
                — {item.passed ? 'passed' : 'not yet'}
              </Text>
            </Text>
            <Text size="sm">{item.reason}</Text>
          </List.Item>
        ))}
      </List>
      {needsConfirmation && (
        <Checkbox
          checked={confirmed}
          onChange={(e) => onConfirm(e.currentTarget.checked)}
          label="Nobody edits Airtable any more, and the export I checked last is the final one"
          data-testid="confirm-final-export"
        />
      )}
    </Stack>
  );
}

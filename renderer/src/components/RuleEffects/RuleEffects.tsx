import { Table, Text } from '@mantine/core';
import type { RuleEffect } from '../../../../core/history/recorder';
import { formatCount } from '../../lib/format';

/** Every value rule with how many values it changed and a few before → after examples. */
export function RuleEffects({ effects }: { effects: RuleEffect[] }) {
  if (!effects.length)
    return (
      <Text size="sm" c="dimmed">
        No value rules changed anything.
      </Text>
    );
  return (
    <Table withTableBorder data-testid="rule-effects">
      <Table.Caption>What each value rule changed</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Rule</Table.Th>
          <Table.Th scope="col" ta="right">
            Values changed
          </Table.Th>
          <Table.Th scope="col">Examples</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {effects.map((e, i) => (
          <Table.Tr key={`${e.rule}-${i}`}>
            <Table.Td>{e.rule}</Table.Td>
            <Table.Td ta="right">{formatCount(e.count)}</Table.Td>
            <Table.Td>
              {e.examples
                .slice(0, 3)
                .map((x) => `"${x.before}" → "${x.after}"`)
                .join(', ')}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

import { Accordion, Badge, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ProblemRecord } from '../../../../core/history/recorder';
import { formatCount } from '../../lib/format';
import { groupProblems, type ProblemGroup } from '../../lib/problems';

interface Props {
  problems: ProblemRecord[];
  /** Total when the list is only the first page. */
  total?: number;
  /** Extra content per group, e.g. a suggested fix. */
  renderFix?(group: ProblemGroup): ReactNode;
}

/** The validation report: problems grouped by column and reason, each with examples of where. */
export function ProblemList({ problems, total, renderFix }: Props) {
  if (!problems.length)
    return (
      <Text size="sm" c="dimmed" data-testid="no-problems">
        No problems: every value could be taken as it is.
      </Text>
    );
  const groups = groupProblems(problems);
  return (
    <Stack gap="xs" data-testid="problem-list">
      {total !== undefined && total > problems.length && (
        <Text size="sm" c="dimmed">
          Showing the first {formatCount(problems.length)} of {formatCount(total)} problems; the downloaded report has
          them all.
        </Text>
      )}
      <Accordion variant="separated" multiple>
        {groups.map((g) => (
          <Accordion.Item key={g.key} value={g.key} data-testid="problem-group">
            <Accordion.Control>
              <Group gap="xs" wrap="nowrap">
                <Badge color="orange" variant="light">
                  {formatCount(g.count)}
                </Badge>
                <Text size="sm" fw={600}>
                  {[g.table, g.column].filter(Boolean).join(' · ') || 'The export'}
                </Text>
                <Text size="sm">{g.reason}</Text>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="xs">
                {g.values.length > 0 && (
                  <Text size="sm">
                    Values:{' '}
                    {g.values.map((v) => `"${v.value}"${v.count > 1 ? ` (${formatCount(v.count)})` : ''}`).join(', ')}
                  </Text>
                )}
                <Text size="sm" c="dimmed">
                  Where:{' '}
                  {g.examples
                    .map((p) => [p.file, p.row !== undefined ? `row ${p.row}` : undefined].filter(Boolean).join(', '))
                    .filter(Boolean)
                    .join('; ') || 'not known'}
                  {g.examples[0]?.action && ` — Ferry ${describeAction(g.examples[0].action)}`}
                </Text>
                {renderFix?.(g)}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}

function describeAction(action: string): string {
  switch (action) {
    case 'emptied':
      return 'left the value empty';
    case 'skipped':
      return 'skipped the row';
    case 'pending':
      return 'keeps the row waiting until the link can be made';
    case 'kept':
      return 'kept the value as it is';
    case 'defaulted':
      return 'used the default value';
    case 'rejected':
      return 'did not take the row';
    default:
      return action;
  }
}

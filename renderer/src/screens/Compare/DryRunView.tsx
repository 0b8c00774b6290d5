import { Alert, Badge, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ComparePlan } from '../../../../core/compare/types';
import { CellValue } from '../../components/CellValue/CellValue';
import { formatCount, plural } from '../../lib/format';

const keyText = (key: Record<string, string | null>) =>
  Object.entries(key)
    .map(([k, v]) => `${k} ${v ?? '(empty)'}`)
    .join(', ');

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Stack gap={0}>
      <Text size="xl" fw={700} data-testid={testId}>
        {formatCount(value)}
      </Text>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

/** What a copy would do (or did): counts, changes per field, old → new, rows not found, what was left out. */
export function DryRunView({ plan }: { plan: ComparePlan }) {
  return (
    <Stack data-testid="compare-plan">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label="rows matched" value={plan.matched} testId="stat-matched" />
        <Stat label="rows that change" value={plan.update} testId="stat-update" />
        <Stat label="not found in the target" value={plan.notFound} testId="stat-not-found" />
        <Stat label="only in the target (left alone)" value={plan.notInSource} testId="stat-not-in-source" />
      </SimpleGrid>

      {plan.synced && (
        <Alert color="blue" title="This table is kept in step with an export" data-testid="compare-synced">
          Ferry&rsquo;s sync writes this table from an export. Values copied here count as edits made in PostgreSQL:
          when a later export changes the same rows, the sync lists them as conflicts and asks whether to keep
          PostgreSQL&rsquo;s values or take the export&rsquo;s.
        </Alert>
      )}
      {plan.missingColumns.length > 0 && (
        <Alert color="yellow" title="Columns left out" data-testid="missing-columns">
          <List size="sm">
            {plan.missingColumns.map((m) => (
              <List.Item key={`${m.side}.${m.column}`}>
                &ldquo;{m.column}&rdquo; is not in the {m.side} table {m.table}, so it is not copied.
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {plan.errors.length > 0 && (
        <Alert color="red" title="Values Ferry will not copy" data-testid="compare-errors">
          <List size="sm">
            {plan.errors.map((e) => (
              <List.Item key={`${e.code}.${e.column ?? ''}`}>{e.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}

      <Title order={3} size="h4">
        Changes per field
      </Title>
      <Table withTableBorder maw={520} data-testid="field-counts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Field</Table.Th>
            <Table.Th>Rows that change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {Object.entries(plan.fields).map(([column, n]) => (
            <Table.Tr key={column}>
              <Table.Td>{column}</Table.Td>
              <Table.Td>{formatCount(n)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      {plan.changes.length > 0 && (
        <>
          <Group gap="xs">
            <Title order={3} size="h4">
              What changes, old → new
            </Title>
            {plan.update > plan.changes.length && (
              <Badge variant="light">
                first {formatCount(plan.changes.length)} of {formatCount(plan.update)}
              </Badge>
            )}
          </Group>
          <Table withTableBorder striped data-testid="compare-changes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Row</Table.Th>
                <Table.Th>Field</Table.Th>
                <Table.Th>Now in the target</Table.Th>
                <Table.Th>Copied value</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plan.changes.flatMap((c) =>
                c.fields.map((f, i) => (
                  <Table.Tr key={`${keyText(c.key)}.${f.column}`}>
                    <Table.Td>{i === 0 ? keyText(c.key) : ''}</Table.Td>
                    <Table.Td>{f.column}</Table.Td>
                    <Table.Td>
                      <CellValue value={f.old} />
                    </Table.Td>
                    <Table.Td>
                      <CellValue value={f.new} />
                    </Table.Td>
                  </Table.Tr>
                )),
              )}
            </Table.Tbody>
          </Table>
        </>
      )}

      {plan.notFoundRows.length > 0 && (
        <>
          <Title order={3} size="h4">
            Not found in the target ({plural(plan.notFound, 'row')}, not copied)
          </Title>
          <List size="sm" data-testid="not-found-rows">
            {plan.notFoundRows.map((k) => (
              <List.Item key={keyText(k)}>{keyText(k)}</List.Item>
            ))}
          </List>
        </>
      )}
    </Stack>
  );
}

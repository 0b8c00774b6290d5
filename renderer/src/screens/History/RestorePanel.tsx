import { Alert, Button, Card, Group, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { conflictRowLabel } from '../../../../core/history/conflict-label';
import type { RestorePreview, RestoreResult, RestoreTableCounts } from '../../../../core/history/types';
import { useClient } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote/ErrorNote';
import { ProgressPanel } from '../../components/ProgressPanel/ProgressPanel';
import { useLongCall } from '../../hooks/useLongCall';
import { formatCount, formatValue } from '../../lib/format';

interface Props {
  workspaceId: string;
  runId: string;
  onClose(): void;
  onRestored(): void;
}

/** "Restore to before this sync": what it would change, the rows edited since, and the owner's choice. */
export function RestorePanel({ workspaceId, runId, onClose, onRestored }: Props) {
  const client = useClient();
  const preview = useLongCall();
  const apply = useLongCall();
  const [plan, setPlan] = useState<RestorePreview | null>(null);
  const [choice, setChoice] = useState<'skip' | 'overwrite'>('skip');
  const [done, setDone] = useState<RestoreResult | null>(null);

  useEffect(() => {
    void preview.run((o) => client.send('restore/preview', { workspaceId, runId }, o)).then((p) => p && setPlan(p));
    // Once per run chosen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, workspaceId, runId]);

  async function restore() {
    const result = await apply.run((o) => client.send('restore/apply', { workspaceId, runId, conflicts: choice }, o));
    if (result) {
      setDone(result);
      onRestored();
    }
  }

  return (
    <Card withBorder mt="sm" data-testid="restore-panel">
      <Stack>
        <Title order={3} size="h5">
          Restore to before this sync
        </Title>
        {preview.busy && <ProgressPanel title="Working out what a restore would change" {...preview} />}
        <ErrorNote title="The restore could not be prepared" message={preview.error} />
        {plan && !done && (
          <>
            <Text data-testid="restore-summary">{plan.summary}</Text>
            {plan.undo.length > 1 && (
              <Alert color="yellow" title="Later syncs are undone too">
                This also undoes the {plan.undo.length - 1} sync(s) applied after it, newest first.
              </Alert>
            )}
            <RestoreCounts tables={plan.tables} />
            {plan.conflictCount > 0 && (
              <Stack gap="xs" data-testid="restore-conflicts">
                <Text fw={600}>
                  {formatCount(plan.conflictCount)} row(s) were edited in PostgreSQL after Ferry wrote them.
                </Text>
                <Table withTableBorder>
                  <Table.Caption>Edited since: what is there now, and what a restore would put back</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Table</Table.Th>
                      <Table.Th scope="col">Row</Table.Th>
                      <Table.Th scope="col">Field</Table.Th>
                      <Table.Th scope="col">Now</Table.Th>
                      <Table.Th scope="col">After the restore</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {plan.conflicts.slice(0, 50).flatMap((c) =>
                      c.fields.map((f) => (
                        <Table.Tr key={`${c.table}-${conflictRowLabel(c)}-${f.column}`}>
                          <Table.Td>{c.table}</Table.Td>
                          <Table.Td>{conflictRowLabel(c)}</Table.Td>
                          <Table.Td>{f.column}</Table.Td>
                          <Table.Td>{formatValue(f.now)}</Table.Td>
                          <Table.Td>{formatValue(f.restored)}</Table.Td>
                        </Table.Tr>
                      )),
                    )}
                  </Table.Tbody>
                </Table>
                <Radio.Group
                  label="What should happen to those rows?"
                  value={choice}
                  onChange={(v) => setChoice(v as 'skip' | 'overwrite')}
                >
                  <Stack gap={6} mt={6}>
                    <Radio value="skip" label="Keep the edits made in PostgreSQL (those rows are not restored)" />
                    <Radio value="overwrite" label="Put them back as they were too (the edits are lost)" />
                  </Stack>
                </Radio.Group>
              </Stack>
            )}
            {apply.busy ? (
              <ProgressPanel title="Restoring" {...apply} />
            ) : (
              <Group>
                <Button color="red.9" onClick={() => void restore()}>
                  Restore now
                </Button>
                <Button variant="default" onClick={onClose}>
                  Do not restore
                </Button>
              </Group>
            )}
            <ErrorNote title="The restore did not happen" message={apply.error} />
          </>
        )}
        {done && (
          <Alert color="ferry" title="Restored" data-testid="restore-done">
            The database is back as it was before that sync
            {done.skipped ? `, except ${formatCount(done.skipped)} row(s) edited in PostgreSQL, which were kept` : ''}.
            This restore is in the history too, so it can be undone.
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function RestoreCounts({ tables }: { tables: Record<string, RestoreTableCounts> }) {
  const names = Object.keys(tables);
  if (!names.length) return <Text c="dimmed">Nothing to put back.</Text>;
  return (
    <Table withTableBorder data-testid="restore-counts">
      <Table.Caption>What a restore would do, per table</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Table</Table.Th>
          <Table.Th scope="col" ta="right">
            Rows removed
          </Table.Th>
          <Table.Th scope="col" ta="right">
            Rows put back
          </Table.Th>
          <Table.Th scope="col" ta="right">
            Rows brought back
          </Table.Th>
          <Table.Th scope="col" ta="right">
            Edited since
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {names.map((n) => (
          <Table.Tr key={n} data-table={n}>
            <Table.Th scope="row">{n}</Table.Th>
            <Table.Td ta="right">{formatCount(tables[n].remove)}</Table.Td>
            <Table.Td ta="right">{formatCount(tables[n].revert)}</Table.Td>
            <Table.Td ta="right">{formatCount(tables[n].reinsert)}</Table.Td>
            <Table.Td ta="right">{formatCount(tables[n].conflict)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

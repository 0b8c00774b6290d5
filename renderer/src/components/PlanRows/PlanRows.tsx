import { Button, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { PlanRowsResult } from '../../../../core/plan/types';
import { useClient } from '../../api/client';
import { errorMessage } from '../../hooks/useLongCall';
import { formatCount, formatValue } from '../../lib/format';
import type { CountKind } from '../CountsTable/CountsTable';
import { ErrorNote } from '../ErrorNote/ErrorNote';

const PAGE = 50;
const KIND_TITLE: Record<CountKind, string> = {
  insert: 'New rows',
  update: 'Changed rows',
  retire: 'Rows to retire',
  pending: 'Rows waiting for a link',
  conflict: 'Rows edited in PostgreSQL since the last sync',
};

interface Props {
  planId: string;
  table: string;
  kind: CountKind;
  onClose(): void;
}

/** The rows behind one count; for changes, each field as it is now → as it will be. */
export function PlanRows({ planId, table, kind, onClose }: Props) {
  const client = useClient();
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<PlanRowsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setPage(null);
    client
      .send('sync/plan-rows', { planId, table, kind, offset, limit: PAGE })
      .then(setPage, (e: unknown) => setError(errorMessage(e)));
  }, [client, planId, table, kind, offset]);

  return (
    <Modal opened onClose={onClose} title={`${KIND_TITLE[kind]} in ${table}`} size="xl">
      <Stack data-testid="plan-rows">
        <ErrorNote message={error} />
        {!page && !error && <Loader size="sm" aria-label="Loading rows" />}
        {page && page.rows.length === 0 && <Text c="dimmed">No rows.</Text>}
        {page && page.rows.length > 0 && (
          <Table withTableBorder striped>
            <Table.Caption>
              Rows {formatCount(offset + 1)}–{formatCount(offset + page.rows.length)} of {formatCount(page.total)}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Row</Table.Th>
                <Table.Th scope="col">{kind === 'update' || kind === 'conflict' ? 'What changes' : 'Values'}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.rows.map((r, i) => (
                <Table.Tr key={`${r.key}-${i}`} data-testid="plan-row">
                  <Table.Th scope="row" style={{ verticalAlign: 'top' }}>
                    {r.key}
                  </Table.Th>
                  <Table.Td>
                    {r.changes?.length ? (
                      <Stack gap={2}>
                        {r.changes.map((c) => (
                          <Text size="sm" key={c.column} data-testid="field-change">
                            <Text span fw={600}>
                              {c.column}
                            </Text>
                            : {formatValue(c.old)} → {formatValue(c.new)}
                          </Text>
                        ))}
                      </Stack>
                    ) : (
                      <Text size="sm">
                        {Object.entries(r.values ?? {})
                          .map(([k, v]) => `${k}: ${formatValue(v)}`)
                          .join(' · ')}
                      </Text>
                    )}
                    {r.reason && (
                      <Text size="xs" c="dimmed">
                        {r.reason}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {page && page.total > PAGE && (
          <Group>
            <Button variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous
            </Button>
            <Button variant="default" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
              Next rows
            </Button>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}

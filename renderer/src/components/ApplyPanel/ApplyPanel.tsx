import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { TableCounts } from '../../../../core/history/recorder';
import { useClient } from '../../api/client';
import { useLongCall } from '../../hooks/useLongCall';
import { describeCounts, sumCounts } from '../../lib/words';
import { useNavigation } from '../../navigation/route';
import { CountsTable } from '../CountsTable/CountsTable';
import { ErrorNote } from '../ErrorNote/ErrorNote';
import { ProgressPanel } from '../ProgressPanel/ProgressPanel';
import { ReportButtons } from '../ReportButtons/ReportButtons';

interface Props {
  planId: string;
  workspaceId: string;
  /** Rows edited in PostgreSQL since Ferry wrote them: the owner chooses what wins. */
  conflicts: number;
  onApplied?(runId: string): void;
  /** Told when writing starts and stops, so the screen can hide ways of leaving mid-write. */
  onBusyChange?(busy: boolean): void;
}

/** Apply: progress with rows and time left, cancel (which rolls back), then a summary with the way back. */
export function ApplyPanel({ planId, workspaceId, conflicts, onApplied, onBusyChange }: Props) {
  const client = useClient();
  const { go } = useNavigation();
  const apply = useLongCall();
  const [result, setResult] = useState<{ runId: string; tables: Record<string, TableCounts> } | null>(null);
  const [policy, setPolicy] = useState<'keep-postgres' | 'take-export'>('keep-postgres');
  useEffect(() => onBusyChange?.(apply.busy), [apply.busy, onBusyChange]);

  async function start() {
    const r = await apply.run((o) =>
      client.send('sync/apply', { planId, ...(conflicts ? { conflictPolicy: policy } : {}) }, o),
    );
    if (r) {
      setResult(r);
      onApplied?.(r.runId);
    }
  }

  if (result)
    return (
      <Stack data-testid="apply-done">
        <Alert color="ferry" title="Done: your data is in PostgreSQL">
          {describeCounts(sumCounts(result.tables))}. This sync is in the history and can be undone at any time.
        </Alert>
        <CountsTable tables={result.tables} caption="What was written, per table" />
        <ReportButtons subject={{ runId: result.runId }} />
        <Group>
          <Button
            variant="default"
            color="red"
            onClick={() => go({ screen: 'history', workspaceId, runId: result.runId })}
          >
            Undo this sync
          </Button>
        </Group>
      </Stack>
    );

  return (
    <Stack data-testid="apply-panel">
      {conflicts > 0 && !apply.busy && (
        <Stack gap={4}>
          <Text size="sm">
            {conflicts} row(s) were edited in PostgreSQL since Ferry last wrote them. Which version should win?
          </Text>
          <Group>
            <Button
              variant={policy === 'keep-postgres' ? 'filled' : 'default'}
              onClick={() => setPolicy('keep-postgres')}
            >
              Keep the PostgreSQL edits
            </Button>
            <Button variant={policy === 'take-export' ? 'filled' : 'default'} onClick={() => setPolicy('take-export')}>
              Take the export&apos;s values
            </Button>
          </Group>
        </Stack>
      )}
      {apply.busy ? (
        <ProgressPanel title="Writing to PostgreSQL" {...apply} onCancel={apply.cancel} cancelLabel="Cancel and undo" />
      ) : (
        <Group>
          <Button size="md" onClick={() => void start()}>
            Apply now
          </Button>
        </Group>
      )}
      {apply.cancelled ? (
        <Alert color="gray" title="Cancelled" data-testid="apply-cancelled">
          Nothing was written: the database is as it was before. You can apply again when you are ready.
        </Alert>
      ) : (
        <ErrorNote title="The sync was not applied" message={apply.error} />
      )}
    </Stack>
  );
}

import { Card, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { RunDetail } from '../../../../core/history/types';
import { useClient } from '../../api/client';
import { CountsTable } from '../../components/CountsTable/CountsTable';
import { ErrorNote } from '../../components/ErrorNote/ErrorNote';
import { ProblemList } from '../../components/ProblemList/ProblemList';
import { ReportButtons } from '../../components/ReportButtons/ReportButtons';
import { RuleEffects } from '../../components/RuleEffects/RuleEffects';
import { errorMessage } from '../../hooks/useLongCall';
import { formatBytes, formatDuration } from '../../lib/format';

/** One run: the files it read, what it did per table, its problems and rules, and its report. */
export function RunDetails({ runId }: { runId: string }) {
  const client = useClient();
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.send('history/run', { runId }).then(setRun, (e: unknown) => setError(errorMessage(e)));
  }, [client, runId]);
  if (error) return <ErrorNote message={error} />;
  if (!run) return <Loader size="sm" aria-label="Loading the run" />;
  const seconds = run.timings ? Object.values(run.timings).reduce((a, b) => a + b, 0) : undefined;
  return (
    <Card withBorder mt="sm" data-testid="run-details">
      <Stack>
        <Title order={3} size="h5">
          Files read
        </Title>
        {run.files.length ? (
          <List size="sm">
            {run.files.map((f) => (
              <List.Item key={`${f.table}-${f.name}`}>
                {f.name} ({f.table}, {formatBytes(f.size)})
              </List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm" c="dimmed">
            {run.kind === 'sync' ? 'No files recorded.' : `A ${run.kind} reads no files.`}
          </Text>
        )}
        <CountsTable tables={run.tables} caption="What this run did, per table" />
        {seconds !== undefined && (
          <Text size="sm" c="dimmed">
            Took {formatDuration(seconds)}.
          </Text>
        )}
        <Title order={3} size="h5">
          Problems
        </Title>
        <ProblemList problems={run.problems} total={run.problemsCount} />
        <Title order={3} size="h5">
          Value rules
        </Title>
        <RuleEffects effects={run.ruleEffects} />
        <ReportButtons subject={{ runId }} />
      </Stack>
    </Card>
  );
}

import { Badge, Button, EmptyState, Group, Loader, Stack, Text, Timeline, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { RunSummary, Workspace } from '../../../../core/history/types';
import { useClient } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote/ErrorNote';
import { errorMessage } from '../../hooks/useLongCall';
import { formatWhen } from '../../lib/format';
import { describeRun, runKindWord } from '../../lib/words';
import { useNavigation } from '../../navigation/route';
import { RestorePanel } from './RestorePanel';
import { RunDetails } from './RunDetails';
import { RunsChart } from './RunsChart';

/** Every sync and restore of one migration, a chart of what each changed, and the way back. */
export function History({ workspaceId, runId }: { workspaceId: string; runId?: string }) {
  const client = useClient();
  const { go } = useNavigation();
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | undefined>(runId);
  const [restoring, setRestoring] = useState<string | undefined>(undefined);

  const load = useCallback(() => {
    Promise.all([client.send('workspace/get', { id: workspaceId }), client.send('history/list', { workspaceId })]).then(
      ([w, r]) => {
        setWorkspace(w);
        setRuns(r.runs.filter((run) => !run.dryRun));
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [client, workspaceId]);
  useEffect(load, [load]);

  if (error) return <ErrorNote title="The history could not be read" message={error} />;
  if (!runs || !workspace) return <Loader aria-label="Loading the history" />;

  return (
    <Stack maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>History</Title>
          <Text c="dimmed">{workspace.name}: every sync and restore, newest first.</Text>
        </div>
        <Button variant="default" onClick={() => go({ screen: 'home' })}>
          Back to your migrations
        </Button>
      </Group>
      {runs.length === 0 ? (
        <EmptyState
          data-testid="history-empty"
          title="Nothing has been written yet"
          description="When you apply a sync it appears here, with what it changed and a way to undo it."
        />
      ) : (
        <>
          <RunsChart runs={runs} />
          <Timeline active={runs.length} bulletSize={18} lineWidth={2} data-testid="history-timeline">
            {runs.map((run) => {
              const outcome = describeRun(run);
              const canRestore = run.status === 'completed';
              return (
                <Timeline.Item
                  key={run.runId}
                  color={outcome.color}
                  title={
                    <Group gap="xs">
                      <Text fw={600}>{runKindWord(run.kind)}</Text>
                      <Text size="sm" c="dimmed">
                        {formatWhen(run.endedAt ?? run.startedAt)}
                      </Text>
                      {run.problemsCount > 0 && (
                        <Badge color="orange" variant="light">
                          {run.problemsCount} problems
                        </Badge>
                      )}
                    </Group>
                  }
                  data-testid="history-run"
                >
                  <Text size="sm">{outcome.text}</Text>
                  <Group gap="xs" mt={4}>
                    <Button
                      size="xs"
                      variant={selected === run.runId ? 'filled' : 'light'}
                      onClick={() => setSelected(selected === run.runId ? undefined : run.runId)}
                      aria-expanded={selected === run.runId}
                    >
                      Details
                    </Button>
                    {canRestore && (
                      <Button size="xs" variant="default" onClick={() => setRestoring(run.runId)}>
                        Restore to before this {runKindWord(run.kind).toLowerCase()}
                      </Button>
                    )}
                  </Group>
                  {selected === run.runId && <RunDetails runId={run.runId} />}
                  {restoring === run.runId && (
                    <RestorePanel
                      workspaceId={workspaceId}
                      runId={run.runId}
                      onClose={() => setRestoring(undefined)}
                      onRestored={load}
                    />
                  )}
                </Timeline.Item>
              );
            })}
          </Timeline>
        </>
      )}
    </Stack>
  );
}

import { Button, EmptyState, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { Workspace } from '../../../../core/history/types';
import { useClient } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote/ErrorNote';
import { errorMessage } from '../../hooks/useLongCall';
import { useNavigation } from '../../navigation/route';
import { WorkspaceCard } from './WorkspaceCard';

export function Home() {
  const client = useClient();
  const { go } = useNavigation();
  const [workspaces, setWorkspaces] = useState<Workspace[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    client.send('workspace/list', {}).then(
      (r) => setWorkspaces(r.workspaces),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [client]);
  useEffect(load, [load]);

  return (
    <Stack maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Your migrations</Title>
          <Text c="dimmed">
            Move Airtable exports and spreadsheets into PostgreSQL, check every change first, and undo any sync.
          </Text>
        </div>
        <Group>
          <Button size="md" variant="default" onClick={() => go({ screen: 'compare' })}>
            Compare databases
          </Button>
          <Button size="md" onClick={() => go({ screen: 'wizard' })}>
            Start a migration
          </Button>
        </Group>
      </Group>
      <ErrorNote title="Ferry could not list your migrations" message={error} />
      {!workspaces && !error && <Loader size="sm" aria-label="Loading your migrations" />}
      {workspaces?.length === 0 && (
        <EmptyState
          data-testid="home-empty"
          title="No migrations yet"
          description="Start by telling Ferry where your data should go and dropping in your Airtable export. Nothing is written until you have checked it."
          variant="light"
          icon={<span aria-hidden="true">⛴</span>}
        >
          <EmptyState.Actions>
            <Button onClick={() => go({ screen: 'wizard' })}>Start a migration</Button>
          </EmptyState.Actions>
        </EmptyState>
      )}
      {workspaces && workspaces.length > 0 && (
        <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="workspace-cards">
          {workspaces.map((w) => (
            <WorkspaceCard key={w.id} workspace={w} onChanged={load} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

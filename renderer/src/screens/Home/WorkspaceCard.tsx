import { Badge, Button, Card, Group, Menu, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { RunSummary, Workspace } from '../../../../core/history/types';
import { useClient } from '../../api/client';
import { errorMessage } from '../../hooks/useLongCall';
import { formatWhen } from '../../lib/format';
import { describeRun, PHASE_LABEL } from '../../lib/words';
import { useNavigation } from '../../navigation/route';
import { notify } from '../../lib/notify';

interface Props {
  workspace: Workspace;
  onChanged(): void;
}

/** One migration on the home screen: where it goes, how the last sync went, and what to do next. */
export function WorkspaceCard({ workspace: w, onChanged }: Props) {
  const client = useClient();
  const { go } = useNavigation();
  const [lastRun, setLastRun] = useState<RunSummary | null | undefined>(undefined);
  // Set up once something was written; a cancelled or failed first apply still needs the wizard.
  const [setUp, setSetUp] = useState(false);

  useEffect(() => {
    client.send('history/list', { workspaceId: w.id }).then(
      (r) => {
        const applied = r.runs.filter((run) => !run.dryRun);
        setLastRun(applied[0] ?? null);
        setSetUp(applied.some((run) => run.status === 'completed'));
      },
      () => setLastRun(null),
    );
  }, [client, w.id]);

  const outcome = lastRun ? describeRun(lastRun) : null;
  const titleId = `ws-${w.id}`;

  async function remove() {
    if (!window.confirm(`Remove "${w.name}" from Ferry? Your PostgreSQL data is not touched.`)) return;
    try {
      await client.send('workspace/delete', { id: w.id });
      onChanged();
    } catch (e) {
      notify('failed', 'Could not remove it', errorMessage(e));
    }
  }

  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={titleId} data-testid="workspace-card">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h3" id={titleId}>
            {w.name}
          </Title>
          <Badge variant="light" tt="none" data-testid="phase-badge">
            {PHASE_LABEL[w.phase] ?? w.phase}
          </Badge>
        </Group>
        <Text size="sm">
          <Text span c="dimmed">
            Goes to:{' '}
          </Text>
          {w.targetLabel}
        </Text>
        <Text size="sm" data-testid="last-sync">
          <Text span c="dimmed">
            Last sync:{' '}
          </Text>
          {lastRun === undefined ? 'checking…' : lastRun ? formatWhen(lastRun.endedAt ?? lastRun.startedAt) : 'never'}
        </Text>
        {outcome && (
          <Text size="sm" c={outcome.color} data-testid="last-result">
            {outcome.text}
          </Text>
        )}
        <Group mt="sm">
          {setUp && w.phase === 'postgres-only' ? (
            <Text size="sm" c="dimmed" data-testid="card-resync-off">
              Re-sync is off: PostgreSQL is now the only copy.
            </Text>
          ) : setUp ? (
            <Button onClick={() => go({ screen: 'resync', workspaceId: w.id })} aria-describedby={titleId}>
              Re-sync
            </Button>
          ) : (
            <Button onClick={() => go({ screen: 'wizard', workspaceId: w.id })} aria-describedby={titleId}>
              Continue setting up
            </Button>
          )}
          <Button
            variant="default"
            onClick={() => go({ screen: 'history', workspaceId: w.id })}
            aria-describedby={titleId}
          >
            History
          </Button>
          <Button variant="default" onClick={() => go({ screen: 'ask', workspaceId: w.id })} aria-describedby={titleId}>
            Ask your data
          </Button>
          {setUp && (
            <Button
              variant="default"
              onClick={() => go({ screen: 'cutover', workspaceId: w.id })}
              aria-describedby={titleId}
            >
              Cutover
            </Button>
          )}
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="subtle" aria-label={`More for ${w.name}`}>
                More
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => go({ screen: 'wizard', workspaceId: w.id })}>Change the mapping</Menu.Item>
              <Menu.Item color="red" onClick={() => void remove()}>
                Remove from Ferry
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Stack>
    </Card>
  );
}

import { Card, Loader, SegmentedControl, Stack, Text, Title, useMantineColorScheme } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../../../core/api/ops/app';
import type { Workspace } from '../../../../core/history/types';
import { useClient } from '../../api/client';
import { ConnectionForm } from '../../components/ConnectionForm/ConnectionForm';
import { ErrorNote } from '../../components/ErrorNote/ErrorNote';
import { errorMessage } from '../../hooks/useLongCall';
import { emptyTarget } from '../../lib/connection';
import { AskSettings } from './AskSettings';
import { SavedConnection } from './SavedConnection';

export function Settings() {
  const client = useClient();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [workspaces, setWorkspaces] = useState<Workspace[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scratch, setScratch] = useState(() => ({ ...emptyTarget(), kind: 'url' as const }));

  const load = useCallback(() => {
    client.send('workspace/list', {}).then(
      (r) => setWorkspaces(r.workspaces),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [client]);
  useEffect(() => {
    client.send('app/info', {}).then(setInfo, (e: unknown) => setError(errorMessage(e)));
    load();
  }, [client, load]);

  return (
    <Stack maw={860}>
      <Title order={1}>Settings</Title>
      <ErrorNote message={error} />

      <Card withBorder component="section" aria-labelledby="settings-connections">
        <Title order={2} size="h4" id="settings-connections" mb="xs">
          Connections
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Where each migration writes. Passwords are kept in your computer&apos;s secure storage and are never shown
          again; type a new one only to change it.
        </Text>
        {!workspaces && !error && <Loader size="sm" aria-label="Loading connections" />}
        {workspaces?.length === 0 && (
          <Text size="sm" data-testid="connections-empty">
            No saved connections yet. They are saved when you start a migration.
          </Text>
        )}
        <Stack>
          {workspaces?.map((w) => (
            <SavedConnection key={w.id} workspace={w} onSaved={load} />
          ))}
        </Stack>
      </Card>

      <Card withBorder component="section" aria-labelledby="settings-test">
        <Title order={2} size="h4" id="settings-test" mb="xs">
          Test a connection
        </Title>
        <ConnectionForm value={scratch} onChange={(v) => setScratch({ ...v, kind: 'url' })} />
      </Card>

      <Card withBorder component="section" aria-labelledby="settings-ask">
        <Title order={2} size="h4" id="settings-ask" mb="xs">
          Ask your data
        </Title>
        <AskSettings />
      </Card>

      <Card withBorder component="section" aria-labelledby="settings-theme">
        <Title order={2} size="h4" id="settings-theme" mb="xs">
          Appearance
        </Title>
        <SegmentedControl
          aria-label="Theme"
          value={colorScheme}
          onChange={(v) => setColorScheme(v as 'light' | 'dark' | 'auto')}
          data={[
            { value: 'auto', label: 'Like my computer' },
            { value: 'light', label: 'Light' },
            { value: 'dark', label: 'Dark' },
          ]}
        />
      </Card>

      <Card withBorder component="section" aria-labelledby="settings-about">
        <Title order={2} size="h4" id="settings-about" mb="xs">
          About this Ferry
        </Title>
        {!info && !error && <Loader size="sm" aria-label="Loading" />}
        {info && (
          <Stack gap={4} data-testid="app-info">
            <Text>Version {info.version}</Text>
            <Text>
              Your history and settings are kept in{' '}
              <Text span ff="monospace">
                {info.home}
              </Text>
            </Text>
          </Stack>
        )}
      </Card>
    </Stack>
  );
}

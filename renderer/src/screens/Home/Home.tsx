import { Card, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../../core/api/ops/app';
import { useClient } from '../../api/client';
import { ConnectionTest } from '../../components/ConnectionTest/ConnectionTest';

export function Home() {
  const client = useClient();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.send('app/info', {}).then(setInfo, (e: Error) => setError(e.message));
  }, [client]);
  return (
    <Stack maw={760}>
      <Title order={1}>Welcome to Ferry</Title>
      <Text c="dimmed">
        Move your Airtable exports and spreadsheets into PostgreSQL, check every change first, and undo any sync.
      </Text>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          About this Ferry
        </Title>
        {error && <Text c="red">{error}</Text>}
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
      <ConnectionTest />
    </Stack>
  );
}

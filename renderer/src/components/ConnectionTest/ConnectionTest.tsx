import { Alert, Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { ConnectionTestResult } from '../../../../core/api/ops/app';
import { useClient } from '../../api/client';

export function ConnectionTest() {
  const client = useClient();
  const [target, setTarget] = useState<'url' | 'local'>('url');
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);

  async function test() {
    setBusy(true);
    setResult(null);
    try {
      setResult(await client.send('connection/test', target === 'local' ? { kind: 'local' } : { kind: 'url', url }));
    } catch (e) {
      setResult({ ok: false, code: 'error', message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder component="section" aria-labelledby="connection-test-title">
      <Title order={2} size="h4" mb="xs" id="connection-test-title">
        Test a connection
      </Title>
      <Stack>
        <SegmentedControl
          value={target}
          onChange={(v) => setTarget(v as 'url' | 'local')}
          data={[
            { value: 'url', label: 'A PostgreSQL server' },
            { value: 'local', label: 'A database on this computer' },
          ]}
        />
        {target === 'url' && (
          <TextInput
            label="Connection string"
            description="Your hosting provider shows it, e.g. postgresql://user:password@server:5432/database"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
          />
        )}
        <Group>
          <Button onClick={test} loading={busy} disabled={target === 'url' && !url.trim()}>
            Test connection
          </Button>
        </Group>
        {result && (
          <Alert
            color={result.ok ? 'teal' : 'red'}
            title={result.ok ? 'It works' : 'It did not work'}
            role="status"
            data-testid="connection-result"
          >
            <Text size="sm">{result.message}</Text>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

import {
  Alert,
  Button,
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import type { ConnectionTestResult } from '../../../../core/api/ops/app';
import { useClient } from '../../api/client';
import { errorMessage } from '../../hooks/useLongCall';
import { connectionToTest, type SslMode, type TargetDraft } from '../../lib/connection';

interface Props {
  value: TargetDraft;
  onChange(value: TargetDraft): void;
  /** Field errors keyed by field name (`url`, `host`, ...). */
  errors?: Partial<Record<keyof TargetDraft, string>>;
  onTested?(result: ConnectionTestResult): void;
}

const SSL_OPTIONS: { value: SslMode; label: string }[] = [
  { value: 'prefer', label: 'Use encryption when the server offers it' },
  { value: 'require', label: 'Always encrypt (hosted services such as Supabase, Neon, RDS)' },
  { value: 'verify-full', label: 'Always encrypt and check the server certificate' },
  { value: 'disable', label: 'Never encrypt (only on a private network)' },
];

/** Where the data goes: this computer, a connection string, or separate fields, with a plain-words test. */
export function ConnectionForm({ value, onChange, errors = {}, onTested }: Props) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const set = (patch: Partial<TargetDraft>) => {
    setResult(null);
    onChange({ ...value, ...patch });
  };

  async function test() {
    setBusy(true);
    setResult(null);
    try {
      const r = await client.send('connection/test', connectionToTest(value));
      setResult(r);
      onTested?.(r);
    } catch (e) {
      setResult({ ok: false, code: 'error', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack>
      <SegmentedControl
        value={value.kind}
        onChange={(kind) => set({ kind: kind as TargetDraft['kind'] })}
        aria-label="Where the database is"
        data={[
          { value: 'local', label: 'A database on this computer' },
          { value: 'url', label: 'A connection string' },
          { value: 'fields', label: 'Server details' },
        ]}
      />
      {value.kind === 'local' && (
        <Text size="sm" c="dimmed">
          Ferry starts its own PostgreSQL when it needs it and keeps the data in Ferry&apos;s folder on this computer.
          Nothing to set up. You can move to a hosted database later.
        </Text>
      )}
      {value.kind === 'url' && (
        <TextInput
          label="Connection string"
          description="Your hosting provider shows it, e.g. postgresql://user:password@server:5432/database"
          value={value.url}
          onChange={(e) => set({ url: e.currentTarget.value })}
          error={errors.url}
          autoComplete="off"
          spellCheck={false}
        />
      )}
      {value.kind === 'fields' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Server"
            description="Host name or address"
            value={value.host}
            onChange={(e) => set({ host: e.currentTarget.value })}
            error={errors.host}
            autoComplete="off"
            spellCheck={false}
          />
          <NumberInput
            label="Port"
            description="Usually 5432"
            value={value.port}
            onChange={(v) => set({ port: typeof v === 'number' ? v : Number(v) || 0 })}
            error={errors.port}
            min={1}
            max={65535}
            allowDecimal={false}
          />
          <TextInput
            label="Database name"
            value={value.database}
            onChange={(e) => set({ database: e.currentTarget.value })}
            error={errors.database}
            autoComplete="off"
            spellCheck={false}
          />
          <TextInput
            label="User name"
            value={value.user}
            onChange={(e) => set({ user: e.currentTarget.value })}
            error={errors.user}
            autoComplete="off"
            spellCheck={false}
          />
          <PasswordInput
            label="Password"
            description={
              value.secretRef && !value.password
                ? 'A password is saved securely. Type a new one only to change it.'
                : 'Kept in your computer’s secure storage, never shown again'
            }
            value={value.password}
            onChange={(e) => set({ password: e.currentTarget.value })}
            autoComplete="new-password"
          />
        </SimpleGrid>
      )}
      {value.kind !== 'local' && (
        <Select
          label="Encryption"
          data={SSL_OPTIONS}
          value={value.ssl}
          onChange={(v) => v && set({ ssl: v as SslMode })}
          allowDeselect={false}
        />
      )}
      <Group>
        <Button variant="light" onClick={() => void test()} loading={busy}>
          Test connection
        </Button>
      </Group>
      {result && (
        <Alert
          color={result.ok ? 'ferry' : 'red'}
          title={result.ok ? 'It works' : 'It did not work'}
          role="status"
          data-testid="connection-result"
        >
          <Text size="sm">{result.message}</Text>
        </Alert>
      )}
    </Stack>
  );
}

import { Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AskStatus } from '../../../../core/ask/types';
import { useClient } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote/ErrorNote';
import { errorMessage } from '../../hooks/useLongCall';
import { notify } from '../../lib/notify';

const STORAGE: Record<AskStatus['keyStorage'], string> = {
  'os-keychain': "your computer's secure storage",
  'session-memory': 'memory until Ferry closes (this browser session cannot use secure storage)',
};

/** The API key (write-only: never shown again) and the model for "Ask your data". */
export function AskSettings() {
  const client = useClient();
  const [status, setStatus] = useState<AskStatus | null>(null);
  const [key, setKey] = useState('');
  const [model, setModel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.send('ask/status', {}).then(
      (s) => {
        setStatus(s);
        setModel(s.model);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [client]);

  async function save(work: () => Promise<AskStatus>, done: string) {
    setBusy(true);
    setError(null);
    try {
      const s = await work();
      setStatus(s);
      setModel(s.model);
      setKey('');
      notify('done', 'Saved', done);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="sm" data-testid="ask-settings">
      <Text size="sm" c="dimmed">
        Ask your data turns a question into a query with an AI service. Your question and a short description of your
        tables (names, types and a few sample values) are sent to it; the answers are never run without you seeing them.
      </Text>
      {status?.hasKey ? (
        <Group justify="space-between" data-testid="ask-key-saved">
          <Text size="sm">An API key is saved, kept in {STORAGE[status.keyStorage]}. It is never shown again.</Text>
          <Button
            variant="default"
            color="red"
            disabled={busy}
            onClick={() => void save(() => client.send('ask/remove-key', {}), 'The API key is removed.')}
          >
            Remove the key
          </Button>
        </Group>
      ) : (
        <Group align="flex-end">
          <PasswordInput
            label="API key"
            description={status ? `Kept in ${STORAGE[status.keyStorage]}.` : undefined}
            autoComplete="off"
            value={key}
            onChange={(e) => setKey(e.currentTarget.value)}
            style={{ flex: 1 }}
            data-testid="ask-key-input"
          />
          <Button
            disabled={!key.trim() || busy}
            onClick={() => void save(() => client.send('ask/save-key', { apiKey: key }), 'The API key is saved.')}
          >
            Save the key
          </Button>
        </Group>
      )}
      <Group align="flex-end">
        <TextInput
          label="Model"
          description={status ? `The default is ${status.defaultModel}.` : undefined}
          value={model}
          onChange={(e) => setModel(e.currentTarget.value)}
          style={{ flex: 1 }}
          data-testid="ask-model-input"
        />
        <Button
          variant="default"
          disabled={!model.trim() || model.trim() === status?.model || busy}
          onClick={() =>
            void save(() => client.send('ask/save-model', { model }), `Questions now go to ${model.trim()}.`)
          }
        >
          Save the model
        </Button>
      </Group>
      <ErrorNote message={error} />
    </Stack>
  );
}

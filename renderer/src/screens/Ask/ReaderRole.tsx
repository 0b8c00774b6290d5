import { Badge, Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useClient } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote/ErrorNote';
import { errorMessage } from '../../hooks/useLongCall';
import { notify } from '../../lib/notify';

/** The third wall: a PostgreSQL role that can only read, made only when the owner asks for it. */
export function ReaderRole({
  workspaceId,
  state,
  onMade,
}: {
  workspaceId: string;
  state: 'ready' | 'missing' | undefined;
  onMade(): void;
}) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function make() {
    setBusy(true);
    setError(null);
    try {
      const r = await client.send('ask/create-reader-role', { workspaceId });
      notify(
        'done',
        'Read-only role ready',
        `Queries now run as "${r.role}", which can read ${r.schemas.join(', ')} and write nothing.`,
      );
      onMade();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (state === 'ready') {
    return (
      <Group gap="xs" data-testid="reader-role-ready">
        <Badge variant="light" tt="none">
          Read-only role in use
        </Badge>
        <Text size="sm" c="dimmed">
          Queries run as a PostgreSQL role with no right to change anything.
        </Text>
      </Group>
    );
  }
  return (
    <div data-testid="reader-role-missing">
      <Text size="sm">
        Every query runs in a read-only transaction with a time limit. For one more safeguard, Ferry can create a
        PostgreSQL role that may only read your tables, and run queries as that role.
      </Text>
      <Group mt="xs">
        <Button variant="default" size="sm" onClick={() => void make()} loading={busy} disabled={!state}>
          Create the read-only role
        </Button>
      </Group>
      <ErrorNote title="No read-only role" message={error} />
    </div>
  );
}

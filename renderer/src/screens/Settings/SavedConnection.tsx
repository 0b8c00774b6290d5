import { Button, Collapse, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Workspace } from '../../../../core/history/types';
import { useClient } from '../../api/client';
import { ConnectionForm } from '../../components/ConnectionForm/ConnectionForm';
import { errorMessage } from '../../hooks/useLongCall';
import { fromConnection, targetErrors, toConnectionInput } from '../../lib/connection';
import { notify } from '../../lib/notify';

/** One migration's connection: shown without its password, editable, saved through the keychain. */
export function SavedConnection({ workspace, onSaved }: { workspace: Workspace; onSaved(): void }) {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(() => fromConnection(workspace.target));
  const [saving, setSaving] = useState(false);
  const errors = targetErrors(draft, 'x');
  const fieldErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.slice(2), v]));

  async function save() {
    setSaving(true);
    try {
      await client.send('workspace/update', { id: workspace.id, target: toConnectionInput(draft) });
      notify('done', 'Saved', `The connection for "${workspace.name}" is saved.`);
      setDraft((d) => ({ ...d, password: '' }));
      setOpen(false);
      onSaved();
    } catch (e) {
      notify('failed', 'Not saved', errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack gap="xs" data-testid="saved-connection">
      <Group justify="space-between">
        <div>
          <Text fw={600}>{workspace.name}</Text>
          <Text size="sm" c="dimmed">
            {workspace.targetLabel}
          </Text>
        </div>
        <Button variant="default" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {open ? 'Close' : 'Change'}
        </Button>
      </Group>
      <Collapse expanded={open}>
        <Stack>
          <ConnectionForm value={draft} onChange={setDraft} errors={fieldErrors} />
          <Group>
            <Button onClick={() => void save()} loading={saving} disabled={Object.keys(errors).length > 0}>
              Save connection
            </Button>
          </Group>
        </Stack>
      </Collapse>
    </Stack>
  );
}

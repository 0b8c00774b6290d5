import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useId, useRef, useState } from 'react';
import type { RegisteredFile } from '../../../../core/api/ops/app';
import { useClient } from '../../api/client';
import { errorMessage } from '../../hooks/useLongCall';
import { formatBytes } from '../../lib/format';
import classes from './FilePicker.module.css';
import type { PickedFiles } from './picked-files';

export type { PickedFiles };

interface Props {
  value: PickedFiles;
  onChange(value: PickedFiles): void;
  label?: string;
}

interface UploadReply {
  file: RegisteredFile;
  folder: RegisteredFile;
}

/**
 * Drop files here or pick them. In the desktop app the native dialogs choose files or a folder;
 * in the browser the bytes are sent to Ferry, which keeps them under its own folder. Either way
 * the page only ever holds ids.
 */
export function FilePicker({ value, onChange, label = 'Your export files' }: Props) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const folderInputId = useId();
  const desktop = client.carrier === 'electron';

  async function receive(files: File[]) {
    if (!files.length) return;
    if (!client.upload) {
      setError('Dropping files works in the browser version. Use "Choose files" or "Choose a folder" instead.');
      return;
    }
    setBusy(true);
    setError(null);
    const batch = crypto.randomUUID();
    try {
      const received: RegisteredFile[] = [];
      let folder: RegisteredFile | undefined;
      for (const file of files) {
        const reply = await client.upload(file, batch);
        if (!reply.ok) throw new Error(reply.error.message);
        const value = reply.value as UploadReply;
        received.push(value.file);
        folder = value.folder;
      }
      onChange({ files: received, folder });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function choose(kind: 'files' | 'folder') {
    setError(null);
    try {
      const { files } = await client.send('files/choose', { kind });
      if (!files.length) return;
      onChange(kind === 'folder' ? { files: [], folder: files[0] } : { files });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <Stack gap="sm">
      <Dropzone
        onDrop={(files) => void receive(files)}
        loading={busy}
        activateOnClick={!desktop}
        onClick={desktop ? () => void choose('files') : undefined}
        className={classes.zone}
        aria-label={`${label}: drop files here or press Enter to choose them`}
        inputProps={{ 'aria-label': label }}
        data-testid="file-drop"
      >
        <Stack align="center" gap={4} className={classes.inner}>
          <Text size="lg" fw={600}>
            Drop your export files here
          </Text>
          <Text size="sm" c="dimmed">
            CSV files from Airtable, Excel workbooks, JSON or XML. Or click to choose them.
          </Text>
        </Stack>
      </Dropzone>
      <Group>
        {desktop ? (
          <>
            <Button variant="default" onClick={() => void choose('files')}>
              Choose files
            </Button>
            <Button variant="default" onClick={() => void choose('folder')}>
              Choose a folder
            </Button>
          </>
        ) : (
          <>
            <Button variant="default" onClick={() => folderInput.current?.click()}>
              Choose a folder
            </Button>
            <label htmlFor={folderInputId} className={classes.hidden}>
              Folder with your export
            </label>
            <input
              id={folderInputId}
              ref={folderInput}
              type="file"
              multiple
              className={classes.hidden}
              // A non-standard attribute React does not know: every browser that matters supports it.
              {...{ webkitdirectory: '' }}
              onChange={(e) => void receive(Array.from(e.currentTarget.files ?? []))}
            />
          </>
        )}
      </Group>
      {error && (
        <Alert color="red" title="The files could not be used" role="alert">
          {error}
        </Alert>
      )}
      {(value.files.length > 0 || value.folder) && (
        <div data-testid="picked-files">
          <Text size="sm" fw={600}>
            {value.files.length ? `${value.files.length} file(s) chosen` : 'Folder chosen'}
          </Text>
          <List size="sm">
            {value.files.length
              ? value.files.map((f) => (
                  <List.Item key={f.id}>
                    {f.name}{' '}
                    <Text span size="sm" c="dimmed">
                      ({formatBytes(f.size)})
                    </Text>
                  </List.Item>
                ))
              : value.folder && <List.Item>{value.folder.name}</List.Item>}
          </List>
        </div>
      )}
    </Stack>
  );
}

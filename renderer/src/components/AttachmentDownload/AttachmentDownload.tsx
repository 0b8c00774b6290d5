import { Alert, Button, Code, Group, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { AttachmentDownloadResult } from '../../../../core/api/ops/attachments';
import type { RegisteredFile } from '../../../../core/api/ops/app';
import { useClient } from '../../api/client';
import { errorMessage, useLongCall } from '../../hooks/useLongCall';
import { formatBytes, formatCount, plural } from '../../lib/format';
import { ErrorNote } from '../ErrorNote/ErrorNote';
import { ProgressPanel } from '../ProgressPanel/ProgressPanel';

/** Failures listed on screen; the manifest in the folder has every one. */
const SHOWN_FAILURES = 20;

interface Props {
  /** Ids of the export files (or folder) the attachments are named in. */
  files: string[];
}

/**
 * "Download attachments now": Airtable's links expire hours after the export, so the files are
 * fetched into a folder next to the export (or one chosen in the desktop app), with progress,
 * cancel and what could not be fetched.
 */
export function AttachmentDownload({ files }: Props) {
  const client = useClient();
  const download = useLongCall();
  const [result, setResult] = useState<AttachmentDownloadResult | null>(null);
  const [folder, setFolder] = useState<RegisteredFile | null>(null);
  const [chooseError, setChooseError] = useState<string | null>(null);

  async function start() {
    setResult(null);
    const r = await download.run((o) =>
      client.send('attachments/download', { files, ...(folder ? { folder: folder.id } : {}) }, o),
    );
    if (r) setResult(r);
  }

  async function chooseFolder() {
    setChooseError(null);
    try {
      const { files: chosen } = await client.send('files/choose', { kind: 'folder' });
      if (chosen[0]) setFolder(chosen[0]);
    } catch (e) {
      setChooseError(errorMessage(e));
    }
  }

  return (
    <Stack gap="xs" data-testid="attachment-download">
      {!download.busy && (
        <Group>
          <Button onClick={() => void start()} disabled={!files.length}>
            Download attachments now
          </Button>
          {client.carrier === 'electron' && (
            <Button variant="default" onClick={() => void chooseFolder()}>
              Choose where to save them
            </Button>
          )}
        </Group>
      )}
      {!download.busy && !result && (
        <Text size="sm" c="dimmed">
          {folder
            ? `They will be saved in “${folder.name}”, one folder per table and record.`
            : 'They will be saved in a folder called “attachments” next to your export, one folder per table and record.'}
        </Text>
      )}
      <ErrorNote message={chooseError} />
      {download.busy && <ProgressPanel title="Downloading attachments" {...download} onCancel={download.cancel} />}
      {download.cancelled ? (
        <Alert color="gray" title="Download stopped" data-testid="attachment-cancelled">
          Files saved in full before you cancelled are kept; no file is left half written. Press the button again to
          fetch the rest.
        </Alert>
      ) : (
        <ErrorNote title="Ferry could not download the attachments" message={download.error} />
      )}
      {result && <DownloadResult result={result} />}
    </Stack>
  );
}

function DownloadResult({ result }: { result: AttachmentDownloadResult }) {
  if (result.total === 0) {
    return <Text size="sm">Your export links to no attached files: there is nothing to download.</Text>;
  }
  const failures = result.problems.slice(0, SHOWN_FAILURES);
  return (
    <Alert
      color={result.failed ? 'orange' : 'green'}
      title={result.failed ? 'Some attachments could not be downloaded' : 'Attachments downloaded'}
      data-testid="attachment-result"
    >
      <Stack gap="xs">
        <Text size="sm">
          Saved {plural(result.saved, 'file')} ({formatBytes(result.bytes)})
          {result.skipped ? `, ${formatCount(result.skipped)} already there` : ''}
          {result.failed ? `; ${formatCount(result.failed)} failed` : ''}.
        </Text>
        <Text size="sm">
          They are in <Code data-testid="attachment-folder">{result.folder}</Code>; the list of every file and what
          happened to it is <Code>attachments.csv</Code> in that folder.
        </Text>
        {failures.length > 0 && (
          <List size="sm" spacing={4} data-testid="attachment-failures">
            {failures.map((p, i) => (
              <List.Item key={i}>
                {p.table}, row {p.row}, {p.column}: {p.value?.replace(/ \((https?:\/\/.*)\)$/, '')} — {p.reason}
              </List.Item>
            ))}
          </List>
        )}
        {result.problems.length > failures.length && (
          <Text size="sm" c="dimmed">
            … and {formatCount(result.problems.length - failures.length)} more in attachments.csv.
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

import { Alert, Button, Code, Group, List, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AttachmentDownloadResult, AttachmentList } from '../../../../core/api/ops/attachments';
import type { RegisteredFile } from '../../../../core/api/ops/app';
import { useClient } from '../../api/client';
import { errorMessage, useLongCall } from '../../hooks/useLongCall';
import { formatBytes, formatCount, plural } from '../../lib/format';
import { ErrorNote } from '../ErrorNote/ErrorNote';
import { ProgressPanel } from '../ProgressPanel/ProgressPanel';

/** Failures listed on screen; the manifest in the folder has every one. */
const SHOWN_FAILURES = 20;
const NOTHING_TO_DOWNLOAD = 'Your export links to no attached files: there is nothing to download.';

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
  const listed = useAttachmentList(files);

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
      {!download.busy && !result && <AttachmentCount listed={listed} chosen={folder?.name ?? null} />}
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

interface Listed {
  list: AttachmentList | null;
  error: string | null;
}

/** Counts the files before anything is fetched; a new export recounts, and a stale count is dropped. */
function useAttachmentList(files: string[]): Listed {
  const client = useClient();
  const [listed, setListed] = useState<Listed>({ list: null, error: null });
  // The ids arrive as a new array on every render; their joined text says when they really changed.
  const key = files.join('\n');
  useEffect(() => {
    setListed({ list: null, error: null });
    const ids = key ? key.split('\n') : [];
    if (!ids.length) return;
    const ctrl = new AbortController();
    client.send('attachments/list', { files: ids }, { signal: ctrl.signal }).then(
      (list) => setListed({ list, error: null }),
      (e: unknown) => {
        // A recount or leaving the step aborts this one: nothing to say about it.
        if (!ctrl.signal.aborted) setListed({ list: null, error: errorMessage(e) });
      },
    );
    return () => ctrl.abort();
  }, [client, key]);
  return listed;
}

/** `12 files in 2 columns (Images: 9, Plans: 3), about to be saved in …`, said before the button is pressed. */
function AttachmentCount({ listed, chosen }: { listed: Listed; chosen: string | null }) {
  const where = chosen ? `“${chosen}”` : null;
  const layout = 'one folder per table and record.';
  if (listed.list) {
    const { total, defaultFolder } = listed.list;
    const columns = listed.list.columns.filter((c) => c.files > 0);
    if (total === 0) {
      return (
        <Text size="sm" data-testid="attachment-count">
          {NOTHING_TO_DOWNLOAD}
        </Text>
      );
    }
    // A column name alone is enough unless two tables are involved.
    const tables = new Set(columns.map((c) => c.table)).size;
    const parts = columns.map((c) => `${tables > 1 ? `${c.table} › ` : ''}${c.column}: ${formatCount(c.files)}`);
    return (
      <Text size="sm" data-testid="attachment-count">
        {plural(total, 'file')} in {plural(columns.length, 'column')} ({parts.join(', ')}), about to be saved in{' '}
        {where ?? <Code>{defaultFolder}</Code>}, {layout}
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      {listed.error && (
        <Text size="sm" data-testid="attachment-count-error">
          Ferry could not count the attached files beforehand: {listed.error} You can still download them.
        </Text>
      )}
      <Text size="sm" c="dimmed">
        {!listed.error && 'Counting the attached files… '}
        {where
          ? `They will be saved in ${where}, ${layout}`
          : `They will be saved in a folder called “attachments” next to your export, ${layout}`}
      </Text>
    </Stack>
  );
}

function DownloadResult({ result }: { result: AttachmentDownloadResult }) {
  if (result.total === 0) {
    return <Text size="sm">{NOTHING_TO_DOWNLOAD}</Text>;
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

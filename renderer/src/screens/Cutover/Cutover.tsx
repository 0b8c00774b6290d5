import { Alert, Button, Card, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { CutoverStatus, Gate } from '../../../../core/cutover/types';
import { useClient } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote/ErrorNote';
import { FilePicker, type PickedFiles } from '../../components/FilePicker/FilePicker';
import { ProgressPanel } from '../../components/ProgressPanel/ProgressPanel';
import { errorMessage, useLongCall } from '../../hooks/useLongCall';
import { formatWhen } from '../../lib/format';
import { notify } from '../../lib/notify';
import { useNavigation } from '../../navigation/route';
import { fileIds } from '../Wizard/wizard-values';
import { Checklist } from './Checklist';
import { DriftView } from './DriftView';
import { PhasePath } from './PhasePath';
import { ReconciliationView } from './ReconciliationView';

/**
 * The phased move off Airtable: where the workspace stands, the drift between the latest export
 * and PostgreSQL, the checklist Ferry checks itself, and the move to the next phase (or back).
 */
export function Cutover({ workspaceId }: { workspaceId: string }) {
  const client = useClient();
  const { go } = useNavigation();
  const [status, setStatus] = useState<CutoverStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<PickedFiles>({ files: [] });
  const [confirmed, setConfirmed] = useState(false);
  /** The checklist as the last refused move found it (fresher than the status). */
  const [refused, setRefused] = useState<{ gate: Gate; message: string } | null>(null);
  const work = useLongCall();

  const load = useCallback(
    () =>
      client.send('cutover/status', { workspaceId }).then(
        (s) => {
          setStatus(s);
          setError(null);
        },
        (e: unknown) => setError(errorMessage(e)),
      ),
    [client, workspaceId],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function checkDrift() {
    setRefused(null);
    const ids = fileIds(files);
    const report = await work.run((o) =>
      client.send('cutover/drift', { workspaceId, ...(ids.length ? { files: ids } : {}) }, o),
    );
    if (report) await load();
  }

  async function saveReport() {
    setRefused(null);
    const report = await work.run((o) => client.send('cutover/reconciliation', { workspaceId }, o));
    if (report) await load();
  }

  async function move(to: CutoverStatus['phase']) {
    const result = await work.run((o) =>
      client.send('cutover/move', { workspaceId, to, ...(confirmed ? { confirmFinalExport: true } : {}) }, o),
    );
    if (!result) return;
    setStatus(result.status);
    if (result.moved) {
      setRefused(null);
      setConfirmed(false);
      notify('done', 'Phase changed', result.message);
    } else if (result.gate) {
      setRefused({ gate: result.gate, message: result.message });
    }
  }

  if (!status) return error ? <ErrorNote message={error} /> : <Loader aria-label="Loading" />;
  const current = status.phases.find((p) => p.phase === status.phase)!;
  const next = status.phases.find((p) => p.phase === status.next);
  const previous = status.phases.find((p) => p.phase === status.previous);
  const gate = refused?.gate ?? status.gate;
  const needsConfirmation = gate?.items.some((i) => i.needsConfirmation) ?? false;
  const canMove = !!gate && gate.ready && (!needsConfirmation || confirmed) && !work.busy;

  return (
    <Stack maw={1100} data-testid="cutover-screen">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Cutover: {status.name}</Title>
          <Text c="dimmed" data-testid="cutover-summary">
            {status.summary}
          </Text>
        </div>
        <Button variant="default" onClick={() => go({ screen: 'home' })}>
          Back to your migrations
        </Button>
      </Group>

      <PhasePath phases={status.phases} phase={status.phase} />

      <Card withBorder padding="md">
        <Stack gap={4}>
          <Text fw={600} data-testid="current-phase">
            Now: {current.title}
          </Text>
          <Text size="sm">{current.meaning}</Text>
          <Text size="sm">
            Last sync: {status.lastSync ? `${formatWhen(status.lastSync.at)} (${status.lastSync.status})` : 'never'}
            {status.lastSync && status.lastSync.status === 'completed'
              ? status.lastSync.problems || status.lastSync.pending
                ? `, with ${status.lastSync.problems} problems and ${status.lastSync.pending} rows waiting`
                : ', clean'
              : ''}
            . Newest export file: {formatWhen(status.lastExportAt)}.
          </Text>
        </Stack>
      </Card>

      {!status.resyncAllowed && (
        <Alert color="ferry" title="Re-sync is switched off" data-testid="resync-off">
          Airtable is a read-only archive now. The final export is kept by its fingerprints:
          {status.archivedExport && (
            <List size="sm" mt={4}>
              {status.archivedExport.map((f) => (
                <List.Item key={f.sha256 + f.name}>
                  {f.name}{' '}
                  <Text span size="xs" ff="monospace">
                    sha256 {f.sha256.slice(0, 16)}…
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}

      {work.busy && <ProgressPanel title="Checking" {...work} onCancel={work.cancel} />}
      <ErrorNote message={work.error} />

      {status.phase !== 'postgres-only' && (
        <Stack gap="sm">
          <Title order={2}>Drift between the export and PostgreSQL</Title>
          <Text size="sm">
            Ferry compares an export with PostgreSQL without writing anything. Leave the files empty to compare with the
            export of the last sync, or choose a newer export.
          </Text>
          <FilePicker value={files} onChange={setFiles} label="Export to compare (optional)" />
          <Group>
            <Button onClick={() => void checkDrift()} disabled={work.busy} data-testid="check-drift">
              {fileIds(files).length ? 'Check drift against these files' : 'Check drift against the last synced export'}
            </Button>
          </Group>
        </Stack>
      )}
      {status.lastDrift && <DriftView report={status.lastDrift} />}

      {status.phase !== 'parallel' && (
        <Stack gap="sm">
          <Title order={2}>Reconciliation report</Title>
          <Text size="sm">Row counts and a checksum of every column of every table, computed by PostgreSQL.</Text>
          <Group>
            <Button
              variant={status.lastReconciliation ? 'default' : 'filled'}
              onClick={() => void saveReport()}
              disabled={work.busy}
              data-testid="save-reconciliation"
            >
              Save the reconciliation report
            </Button>
          </Group>
          {status.lastReconciliation && <ReconciliationView report={status.lastReconciliation} />}
        </Stack>
      )}

      {next && gate && (
        <Card withBorder padding="md" data-testid="gate">
          <Stack gap="sm">
            <Title order={2}>Checklist to move to {next.title}</Title>
            {refused && (
              <Alert color="red" title="Not moved" role="alert" data-testid="move-refused">
                Ferry checked again just now; the items marked ✗ are still open.
              </Alert>
            )}
            <Checklist gate={gate} confirmed={confirmed} onConfirm={setConfirmed} />
            <Group>
              <Button onClick={() => void move(next.phase)} disabled={!canMove} data-testid="move-next">
                Move to next phase: {next.title}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}

      {previous && (
        <Group>
          <Button
            variant="default"
            disabled={work.busy}
            onClick={() => {
              if (window.confirm(`Move back to ${previous.title}? This is recorded in the history.`)) {
                void move(previous.phase);
              }
            }}
            data-testid="move-back"
          >
            Move back to {previous.title}
          </Button>
        </Group>
      )}

      {status.moves.length > 0 && (
        <Stack gap={4}>
          <Title order={2}>Phase moves</Title>
          <List size="sm" data-testid="phase-moves">
            {status.moves.map((m) => (
              <List.Item key={m.movedAt + m.to}>
                {formatWhen(m.movedAt)}: {m.direction === 'back' ? 'moved back' : 'moved'} from{' '}
                {status.phases.find((p) => p.phase === m.from)?.title} to{' '}
                {status.phases.find((p) => p.phase === m.to)?.title}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}

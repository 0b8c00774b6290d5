import { Alert, Button, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Workspace } from '../../../../core/history/types';
import type { MappingDocument } from '../../../../core/mapping/document';
import type { PlanSummary } from '../../../../core/plan/types';
import type { ResyncCheck } from '../../../../core/resync/types';
import { useClient } from '../../api/client';
import { ApplyPanel } from '../../components/ApplyPanel/ApplyPanel';
import { ErrorNote } from '../../components/ErrorNote/ErrorNote';
import { FilePicker, type PickedFiles } from '../../components/FilePicker/FilePicker';
import { PlanReview } from '../../components/PlanReview/PlanReview';
import { ProgressPanel } from '../../components/ProgressPanel/ProgressPanel';
import { errorMessage, useLongCall } from '../../hooks/useLongCall';
import { storedToInput } from '../../lib/connection';
import { formatWhen } from '../../lib/format';
import { useNavigation } from '../../navigation/route';
import { fileIds } from '../Wizard/wizard-values';

/**
 * One-click re-sync: choose the new export, and Ferry says at once when nothing changed; otherwise
 * the same dry run as the first migration, then apply.
 */
export function Resync({ workspaceId }: { workspaceId: string }) {
  const client = useClient();
  const { go } = useNavigation();
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  const [files, setFiles] = useState<PickedFiles>({ files: [] });
  const [check, setCheck] = useState<ResyncCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const plan = useLongCall();
  const [summary, setSummary] = useState<PlanSummary | null>(null);

  useEffect(() => {
    client.send('workspace/get', { id: workspaceId }).then(setWorkspace, (e: unknown) => setError(errorMessage(e)));
  }, [client, workspaceId]);

  /** `null`: look again in the folder the last export came from. */
  async function pick(picked: PickedFiles | null) {
    setFiles(picked ?? { files: [] });
    setCheck(null);
    setSummary(null);
    setError(null);
    setChecking(true);
    try {
      const c = await client.send('resync/check', picked ? { workspaceId, files: fileIds(picked) } : { workspaceId });
      setCheck(c);
      if (!c.nothingNew && c.picked.length) await runPlan(c);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setChecking(false);
    }
  }

  async function runPlan(c: ResyncCheck) {
    if (!workspace) return;
    const p = await plan.run((o) =>
      client.send(
        'sync/plan',
        {
          target: storedToInput(workspace.target),
          files: c.picked.map((f) => f.fileId),
          mapping: workspace.mapping as MappingDocument,
          mode: 'merge',
          workspaceId,
        },
        o,
      ),
    );
    if (p) setSummary(p);
  }

  if (!workspace) return error ? <ErrorNote message={error} /> : <Loader aria-label="Loading" />;

  return (
    <Stack maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Re-sync {workspace.name}</Title>
          <Text c="dimmed">
            Export your tables from Airtable again, then choose the new files. Last synced{' '}
            {formatWhen(workspace.lastRunAt)}.
          </Text>
        </div>
        <Button variant="default" onClick={() => go({ screen: 'home' })}>
          Back to your migrations
        </Button>
      </Group>
      {workspace.exportFolder && (
        <Text size="sm" data-testid="remembered-folder">
          Last time the export came from{' '}
          <Text span ff="monospace">
            {workspace.exportFolder}
          </Text>
          .{' '}
          <Button variant="light" size="xs" onClick={() => void pick(null)} disabled={checking || plan.busy}>
            Look in that folder again
          </Button>
        </Text>
      )}
      <FilePicker value={files} onChange={(f) => void pick(f)} label="The new export files" />
      {checking && !plan.busy && <Loader size="sm" aria-label="Comparing with the last sync" />}
      <ErrorNote message={error} />
      {check?.nothingNew && (
        <Alert color="ferry" title="Nothing new" data-testid="nothing-new">
          {check.message || `These files are the same as the ones synced ${formatWhen(check.since)}. Nothing to do.`}
        </Alert>
      )}
      {check && !check.nothingNew && (
        <Stack gap={4} data-testid="resync-picked">
          <Text>{check.message}</Text>
          <List size="sm">
            {check.picked.map((p) => (
              <List.Item key={p.fileId}>
                {p.table}: {p.name} {p.changed ? '(changed)' : '(same as last time)'}
              </List.Item>
            ))}
          </List>
          {check.missing.length > 0 && (
            <Text size="sm" c="red.9">
              No new file for: {check.missing.join(', ')}. Those tables are left as they are.
            </Text>
          )}
          {check.ignored.length > 0 && (
            <Text size="sm" c="dimmed">
              Not part of this migration, ignored: {check.ignored.join(', ')}
            </Text>
          )}
        </Stack>
      )}
      {plan.busy && <ProgressPanel title="Checking what changed" {...plan} onCancel={plan.cancel} />}
      <ErrorNote title="The check did not finish" message={plan.error} />
      {summary && (
        <>
          <PlanReview plan={summary} />
          <ApplyPanel planId={summary.planId} workspaceId={workspaceId} conflicts={summary.conflicts} />
        </>
      )}
    </Stack>
  );
}

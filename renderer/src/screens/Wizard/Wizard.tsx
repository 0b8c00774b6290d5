import { Button, Group, Loader, Stack, Stepper, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import type { InspectReport } from '../../../../core/source/inspect-types';
import type { Workspace } from '../../../../core/history/types';
import type { MappingSuggestion } from '../../../../core/mapping/types';
import type { PlanSummary } from '../../../../core/plan/types';
import type { MappingInput } from '../../../../core/mapping/document';
import { useClient } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote/ErrorNote';
import { errorMessage } from '../../hooks/useLongCall';
import { fromConnection, toConnectionInput } from '../../lib/connection';
import { useNavigation } from '../../navigation/route';
import { ApplyStep } from './steps/ApplyStep';
import { CheckStep } from './steps/CheckStep';
import { ExportStep } from './steps/ExportStep';
import { MappingStep } from './steps/MappingStep';
import { TargetStep } from './steps/TargetStep';
import { TemplateStep } from './steps/TemplateStep';
import { fileIds, initialValues, resumeStep, STEPS, stepErrors, type WizardValues } from './wizard-values';

/**
 * The guided first migration. One form across all steps; each step is saved to the workspace as
 * the owner leaves it, so the wizard can be closed and picked up again from the home screen.
 */
export function Wizard({ workspaceId: resumeId }: { workspaceId?: string }) {
  const client = useClient();
  const { go } = useNavigation();
  const form = useForm<WizardValues>({ mode: 'controlled', initialValues: initialValues() });
  const [active, setActive] = useState(0);
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  const workspaceId = workspace?.id;
  const [loading, setLoading] = useState(Boolean(resumeId));
  const [inspect, setInspect] = useState<InspectReport | null>(null);
  const [suggestion, setSuggestion] = useState<MappingSuggestion | null>(null);
  /** The template the mapping in the form came from: a different choice starts a new proposal. */
  const [mappingFrom, setMappingFrom] = useState<string | null>(null);
  const [mappingIssues, setMappingIssues] = useState<string[]>([]);
  const [plan, setPlan] = useState<PlanSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [applied, setApplied] = useState(false);
  const [applying, setApplying] = useState(false);

  // Resuming: fill the form from what the workspace already holds.
  useEffect(() => {
    if (!resumeId) return;
    client.send('workspace/get', { id: resumeId }).then(
      (w) => {
        setWorkspace(w);
        const saved = (w.mapping as MappingInput | null) ?? null;
        const template = saved ? (saved.template ?? 'generic') : '';
        setMappingFrom(saved ? template : null);
        form.setValues({
          name: w.name,
          target: fromConnection(w.target),
          mapping: saved,
          template,
        });
        // Chosen files are only known to this session of Ferry: the owner picks them again.
        setActive(resumeStep({ mapping: w.mapping, hasFiles: false }));
        setLoading(false);
      },
      (e: unknown) => {
        setError(errorMessage(e));
        setLoading(false);
      },
    );
    // Only when the workspace to resume changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, resumeId]);

  const evidence = { inspected: Boolean(inspect?.tables.length), mappingIssues, planned: Boolean(plan) };

  async function leaveStep(step: number): Promise<boolean> {
    const values = form.values;
    switch (step) {
      case 0: {
        const target = toConnectionInput(values.target);
        setWorkspace(
          workspaceId
            ? await client.send('workspace/update', { id: workspaceId, name: values.name.trim(), target })
            : await client.send('workspace/create', { name: values.name.trim(), target }),
        );
        return true;
      }
      case 1:
        // Fingerprints of this export set: what a re-sync compares the next export with.
        if (workspaceId)
          setWorkspace(
            await client.send('workspace/update', {
              id: workspaceId,
              // A chosen folder is remembered as the export folder; the files inside are fingerprinted by the sync.
              ...(values.files.files.length ? { files: values.files.files.map((f) => f.id) } : {}),
              ...(values.files.folder ? { exportFolder: values.files.folder.id } : {}),
            }),
          );
        return true;
      case 2: {
        // A mapping the owner already worked on is kept; a new template choice starts a new proposal.
        if (values.mapping && mappingFrom === values.template) return true;
        const s = await client.send('mapping/suggest', {
          files: fileIds(values.files),
          template: values.template as 'art-editions' | 'generic',
        });
        setSuggestion(s);
        setMappingFrom(values.template);
        form.setFieldValue('mapping', s.mapping as MappingInput);
        setMappingIssues([]);
        return true;
      }
      case 3: {
        const checked = await client.send('mapping/validate', { mapping: values.mapping });
        if (!checked.ok) {
          setMappingIssues(checked.issues.map((i) => i.message));
          return false;
        }
        if (workspaceId) await client.send('workspace/update', { id: workspaceId, mapping: values.mapping });
        setPlan(null);
        return true;
      }
      default:
        return true;
    }
  }

  async function next() {
    const errors = stepErrors(active, form.values, evidence);
    form.setErrors(errors);
    if (Object.keys(errors).length) return;
    setBusy(true);
    setError(null);
    try {
      if (await leaveStep(active)) setActive((a) => Math.min(a + 1, STEPS.length - 1));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (loading) return <Loader aria-label="Loading your migration" />;

  const stepError = Object.values(form.errors).find(Boolean);
  return (
    <Stack maw={1200}>
      <Title order={1}>{resumeId ? `Continue: ${form.values.name}` : 'Start a migration'}</Title>
      <Stepper
        active={active}
        onStepClick={(i) => i < active && !applied && setActive(i)}
        allowNextStepsSelect={false}
        size="sm"
      >
        {STEPS.map((s) => (
          <Stepper.Step key={s.label} label={s.label} />
        ))}
      </Stepper>
      <section aria-label={STEPS[active].label} data-testid={`wizard-step-${active}`}>
        {active === 0 && <TargetStep form={form} />}
        {active === 1 && <ExportStep form={form} report={inspect} onReport={setInspect} />}
        {active === 2 && <TemplateStep form={form} />}
        {active === 3 && form.values.mapping && (
          <MappingStep form={form} inspect={inspect} suggestion={suggestion} issues={mappingIssues} />
        )}
        {active === 4 && workspace && <CheckStep form={form} workspace={workspace} plan={plan} onPlan={setPlan} />}
        {active === 5 && plan && workspaceId && (
          <ApplyStep
            plan={plan}
            workspaceId={workspaceId}
            onApplied={() => setApplied(true)}
            onBusyChange={setApplying}
          />
        )}
      </section>
      {stepError && active !== 0 && (
        <Text c="red" size="sm" role="alert" data-testid="step-error">
          {stepError}
        </Text>
      )}
      <ErrorNote message={error} />
      {!applied && !applying && (
        <Group justify="space-between">
          <Group>
            <Button variant="default" onClick={() => setActive((a) => a - 1)} disabled={active === 0 || busy}>
              Back
            </Button>
            <Button variant="subtle" onClick={() => go({ screen: 'home' })}>
              Save and finish later
            </Button>
          </Group>
          {active < 5 && (
            <Button onClick={() => void next()} loading={busy}>
              {active === 4 ? 'Looks right: go to apply' : 'Next'}
            </Button>
          )}
        </Group>
      )}
      {applied && (
        <Group>
          <Button variant="default" onClick={() => go({ screen: 'home' })}>
            Back to your migrations
          </Button>
        </Group>
      )}
    </Stack>
  );
}

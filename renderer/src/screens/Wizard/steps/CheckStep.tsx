import { Button, Group, Stack, Text, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useEffect, useState } from 'react';
import type { Workspace } from '../../../../../core/history/types';
import type { MappingDocument, MappingInput } from '../../../../../core/mapping/document';
import type { PlanSummary } from '../../../../../core/plan/types';
import { useClient } from '../../../api/client';
import { ErrorNote } from '../../../components/ErrorNote/ErrorNote';
import { PlanReview } from '../../../components/PlanReview/PlanReview';
import { ProgressPanel } from '../../../components/ProgressPanel/ProgressPanel';
import { RuleFixer } from '../../../components/RuleFixer/RuleFixer';
import { useLongCall } from '../../../hooks/useLongCall';
import { storedToInput } from '../../../lib/connection';
import { fileIds, type WizardValues } from '../wizard-values';
import { notify } from '../../../lib/notify';

interface Props {
  form: UseFormReturnType<WizardValues>;
  workspace: Workspace;
  plan: PlanSummary | null;
  onPlan(plan: PlanSummary | null): void;
}

/** Check before writing: the dry run and its report; a rule added from the report re-runs the check. */
export function CheckStep({ form, workspace, plan, onPlan }: Props) {
  const workspaceId = workspace.id;
  const client = useClient();
  const check = useLongCall();
  const [fixing, setFixing] = useState(false);

  async function runCheck(mapping: MappingInput) {
    onPlan(null);
    const p = await check.run((o) =>
      client.send(
        'sync/plan',
        {
          target: storedToInput(workspace.target),
          files: fileIds(form.values.files),
          mapping: mapping as MappingDocument,
          mode: 'merge',
          workspaceId,
        },
        o,
      ),
    );
    if (p) onPlan(p);
  }

  useEffect(() => {
    if (!plan) void runCheck(form.values.mapping!);
    // Only when the step opens without a plan.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function addRule(mapping: MappingInput, description: string) {
    setFixing(true);
    try {
      form.setFieldValue('mapping', mapping);
      await client.send('workspace/update', { id: workspaceId, mapping });
      notify('done', 'Rule added', description);
      await runCheck(mapping);
    } finally {
      setFixing(false);
    }
  }

  return (
    <Stack>
      <Title order={2} size="h3">
        Check before writing
      </Title>
      <Text size="sm" c="dimmed">
        A dry run: Ferry works out everything it would do, and writes nothing.
      </Text>
      {check.busy && (
        <ProgressPanel title="Checking your export against the database" {...check} onCancel={check.cancel} />
      )}
      <ErrorNote title="The check did not finish" message={check.error} />
      {!check.busy && !plan && (
        <Group>
          <Button onClick={() => void runCheck(form.values.mapping!)}>Check again</Button>
        </Group>
      )}
      {plan && (
        <PlanReview
          plan={plan}
          renderFix={(group) => (
            <RuleFixer
              group={group}
              mapping={form.values.mapping!}
              busy={fixing}
              onFix={(m, d) => void addRule(m, d)}
            />
          )}
        />
      )}
    </Stack>
  );
}

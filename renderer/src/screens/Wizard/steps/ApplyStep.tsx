import { Stack, Text, Title } from '@mantine/core';
import type { PlanSummary } from '../../../../../core/plan/types';
import { ApplyPanel } from '../../../components/ApplyPanel/ApplyPanel';
import { describeCounts, planCounts, sumCounts } from '../../../lib/words';

interface Props {
  plan: PlanSummary;
  workspaceId: string;
  onApplied(): void;
  onBusyChange(busy: boolean): void;
}

export function ApplyStep({ plan, workspaceId, onApplied, onBusyChange }: Props) {
  const total = sumCounts(planCounts(plan));
  return (
    <Stack maw={900}>
      <Title order={2} size="h3">
        Apply
      </Title>
      <Text>
        Ferry will write: {describeCounts(total)}. It happens in one go: if anything fails or you cancel, nothing is
        written.
      </Text>
      <ApplyPanel
        planId={plan.planId}
        workspaceId={workspaceId}
        conflicts={plan.conflicts}
        onApplied={onApplied}
        onBusyChange={onBusyChange}
      />
    </Stack>
  );
}

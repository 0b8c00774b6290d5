import { Alert, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { PlanSummary } from '../../../../core/plan/types';
import type { ProblemGroup } from '../../lib/problems';
import { describeCounts, planCounts, sumCounts } from '../../lib/words';
import { CountsTable, type CountKind } from '../CountsTable/CountsTable';
import { PlanRows } from '../PlanRows/PlanRows';
import { ProblemList } from '../ProblemList/ProblemList';
import { ReportButtons } from '../ReportButtons/ReportButtons';
import { RuleEffects } from '../RuleEffects/RuleEffects';

interface Props {
  plan: PlanSummary;
  renderFix?(group: ProblemGroup): ReactNode;
}

/** The dry run: what would happen per table, the rows behind each count, and the validation report. */
export function PlanReview({ plan, renderFix }: Props) {
  const [drill, setDrill] = useState<{ table: string; kind: CountKind } | null>(null);
  const counts = planCounts(plan);
  const total = sumCounts(counts);
  const problemTotal = plan.problems.length + plan.problemsUnlisted;
  return (
    <Stack data-testid="plan-review">
      <Alert color="blue" title="Nothing has been written yet" data-testid="plan-headline">
        If you apply this: {describeCounts(total)}.{' '}
        {total.unchanged > 0 && `${total.unchanged} row(s) stay as they are.`} Click a number to see those rows.
      </Alert>
      <CountsTable
        tables={counts}
        caption="What would happen, per table"
        onDrill={(t, k) => setDrill({ table: t, kind: k })}
      />
      <Tabs defaultValue="problems">
        <Tabs.List>
          <Tabs.Tab value="problems">Problems ({problemTotal})</Tabs.Tab>
          <Tabs.Tab value="rules">Value rules ({plan.ruleEffects.length})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="problems" pt="sm">
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              Values Ferry could not take as they are, grouped by column and reason. Add a rule to fix a group, then
              check again.
            </Text>
            <ProblemList problems={plan.problems} total={problemTotal} renderFix={renderFix} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="rules" pt="sm">
          <RuleEffects effects={plan.ruleEffects} />
        </Tabs.Panel>
      </Tabs>
      <Title order={3} size="h5">
        The report
      </Title>
      <ReportButtons subject={{ planId: plan.planId }} viewLabel="View the report" />
      {drill && <PlanRows planId={plan.planId} table={drill.table} kind={drill.kind} onClose={() => setDrill(null)} />}
    </Stack>
  );
}

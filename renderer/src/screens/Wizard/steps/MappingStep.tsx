import { Alert, List, Spoiler, Stack, Tabs, Text, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { InspectReport } from '../../../../../core/source/inspect-types';
import type { MappingSuggestion } from '../../../../../core/mapping/suggest';
import type { WizardValues } from '../wizard-values';
import { TableMapping } from './mapping/TableMapping';

interface Props {
  form: UseFormReturnType<WizardValues>;
  inspect: InspectReport | null;
  suggestion: MappingSuggestion | null;
  issues: string[];
}

/** Match your columns: one tab per target table. */
export function MappingStep({ form, inspect, suggestion, issues }: Props) {
  const mapping = form.values.mapping!;
  return (
    <Stack>
      <Title order={2} size="h3">
        Match your columns
      </Title>
      <Text size="sm" c="dimmed">
        Ferry matched each column of your export to a field. Check the ones with low confidence, change any by picking
        another column, and add value rules where the export is untidy.
      </Text>
      {issues.length > 0 && (
        <Alert color="red" title="The mapping needs a fix before the check" role="alert" data-testid="mapping-issues">
          <List size="sm">
            {issues.map((m) => (
              <List.Item key={m}>{m}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {suggestion && suggestion.missing.length > 0 && (
        <Alert color="yellow" title={`${suggestion.missing.length} template field(s) not found in your export`}>
          <Text size="sm" mb={4}>
            That is fine when your base does not have them; they are simply left empty.
          </Text>
          <Spoiler maxHeight={66} showLabel="Show all" hideLabel="Show fewer">
            <List size="sm">
              {suggestion.missing.map((m) => (
                <List.Item key={`${m.table}-${m.column ?? ''}-${m.reason}`}>
                  {m.table}
                  {m.column ? ` · ${m.column}` : ''}: {m.reason}
                </List.Item>
              ))}
            </List>
          </Spoiler>
        </Alert>
      )}
      <Tabs defaultValue="0" keepMounted={false}>
        <Tabs.List>
          {mapping.tables.map((t, i) => (
            <Tabs.Tab key={i} value={String(i)}>
              {t.name}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {mapping.tables.map((t, i) => (
          <Tabs.Panel key={i} value={String(i)} pt="md">
            <TableMapping form={form} index={i} inspect={inspect} suggestion={suggestion} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

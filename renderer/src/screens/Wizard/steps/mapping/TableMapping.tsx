import {
  Badge,
  Button,
  Group,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useState } from 'react';
import { fieldTypes } from '../../../../../../core/mapping/document';
import { columnNameFor } from '../../../../../../core/mapping/names';
import type { MappingSuggestion } from '../../../../../../core/mapping/suggest';
import type { InspectReport } from '../../../../../../core/source/inspect-types';
import type { WizardValues } from '../../wizard-values';
import { DuplicatesAndLinks } from './DuplicatesAndLinks';
import { sourceColumns } from './source-columns';
import { ValueRules } from './ValueRules';

/** A wide spreadsheet can leave thousands of columns unused: a button each for the first ones. */
const UNMATCHED_SHOWN = 60;

const TYPE_LABEL: Record<string, string> = {
  text: 'Text',
  integer: 'Whole number',
  decimal: 'Number',
  money: 'Money',
  percent: 'Percent',
  boolean: 'Yes / no',
  date: 'Date',
  datetime: 'Date and time',
  url: 'Web address',
  list: 'List',
  attachments: 'Attachments',
};

const NOT_USED = '__not_used__';

interface Props {
  form: UseFormReturnType<WizardValues>;
  index: number;
  inspect: InspectReport | null;
  suggestion: MappingSuggestion | null;
}

/** One target table: its fields matched to export columns, its key, duplicates and links. */
export function TableMapping({ form, index, inspect, suggestion }: Props) {
  const table = form.values.mapping!.tables[index];
  const path = `mapping.tables.${index}` as const;
  const columns = sourceColumns(inspect, table.source);
  const [rulesFor, setRulesFor] = useState<number | null>(null);
  const columnChoices = [
    { value: NOT_USED, label: '(not used)' },
    ...[...new Set([...columns.map((c) => c.name), ...table.fields.flatMap((f) => f.source)])].map((c) => ({
      value: c,
      label: c,
    })),
  ];
  const used = new Set(table.fields.flatMap((f) => f.source));
  const unmatched = (suggestion?.unmatched ?? [])
    .filter((u) => u.sourceTable === table.source && !used.has(u.column))
    .map((u) => u.column);
  const keyChoices = [...table.fields.map((f) => f.column), ...(table.links ?? []).map((l) => l.column)];

  return (
    <Stack data-testid={`table-mapping-${table.name}`}>
      <Group align="flex-end">
        <TextInput label="Table name in PostgreSQL" {...form.getInputProps(`${path}.name`)} />
        <Text size="sm" c="dimmed" pb={8}>
          from the export table “{table.source}”
        </Text>
      </Group>
      <MultiSelect
        label="Fields that identify a row"
        description="Usually the first column of the Airtable table. Two rows with the same values here are the same record."
        data={[...new Set(keyChoices)]}
        {...form.getInputProps(`${path}.key`)}
        maw={520}
      />
      <Table withTableBorder striped data-testid="field-table">
        <Table.Caption>Fields of {table.name}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Field</Table.Th>
            <Table.Th scope="col">From the export column</Table.Th>
            <Table.Th scope="col">Confidence</Table.Th>
            <Table.Th scope="col">Sample values</Table.Th>
            <Table.Th scope="col">Type</Table.Th>
            <Table.Th scope="col">Value rules</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.fields.map((field, f) => {
            const s = suggestion?.suggestions.find((x) => x.table === table.name && x.column === field.column);
            const col = columns.find((c) => field.source.includes(c.name));
            const rules = (field.allowed?.length ?? 0) + (field.default !== undefined ? 1 : 0);
            return (
              <Table.Tr key={f} data-field={field.column}>
                <Table.Td>
                  <TextInput
                    aria-label={`Name of field ${f + 1} in ${table.name}`}
                    size="xs"
                    {...form.getInputProps(`${path}.fields.${f}.column`)}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Export column for ${field.column}`}
                    data={columnChoices}
                    value={field.source[0] ?? NOT_USED}
                    searchable
                    allowDeselect={false}
                    onChange={(v) => {
                      if (!v) return;
                      if (v === NOT_USED) form.removeListItem(`${path}.fields`, f);
                      else form.setFieldValue(`${path}.fields.${f}.source`, [v]);
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  {s ? (
                    <Tooltip label={s.reason} multiline w={280}>
                      <Badge
                        tabIndex={0}
                        color={s.score >= 0.85 ? 'ferry' : s.score >= 0.6 ? 'yellow' : 'red'}
                        variant="light"
                        aria-label={`${Math.round(s.score * 100)} percent sure: ${s.reason}`}
                      >
                        {s.score >= 0.85 ? 'Sure' : s.score >= 0.6 ? 'Likely' : 'Check'} {Math.round(s.score * 100)}%
                      </Badge>
                    </Tooltip>
                  ) : (
                    <Text size="xs" c="dimmed">
                      your choice
                    </Text>
                  )}
                </Table.Td>
                <Table.Td maw={260}>
                  <Text size="xs" lineClamp={2}>
                    {col?.examples.length ? col.examples.slice(0, 3).join(' · ') : '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Type of ${field.column}`}
                    data={fieldTypes.map((t) => ({ value: t, label: TYPE_LABEL[t] ?? t }))}
                    allowDeselect={false}
                    {...form.getInputProps(`${path}.fields.${f}.type`)}
                  />
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" onClick={() => setRulesFor(f)}>
                    {rules ? `Rules (${rules})` : 'Add rules'}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {unmatched.length > 0 && (
        <Stack gap={4} data-testid="unmatched-columns">
          <Title order={3} size="h5">
            Columns not used
          </Title>
          <Text size="sm" c="dimmed">
            They are kept in the table&apos;s “extra” column, so nothing is lost. Add any as a field of its own:
          </Text>
          <Group gap="xs">
            {unmatched.slice(0, UNMATCHED_SHOWN).map((c) => (
              <Button
                key={c}
                size="xs"
                variant="light"
                onClick={() =>
                  form.insertListItem(`${path}.fields`, {
                    column: columnNameFor(c),
                    source: [c],
                    type: 'text',
                  })
                }
              >
                Add “{c}”
              </Button>
            ))}
            {unmatched.length > UNMATCHED_SHOWN && (
              <Text size="sm" c="dimmed" data-testid="unmatched-more">
                and {(unmatched.length - UNMATCHED_SHOWN).toLocaleString('en-US')} more, kept in “extra” too
              </Text>
            )}
          </Group>
        </Stack>
      )}
      <DuplicatesAndLinks form={form} index={index} />
      {rulesFor !== null && table.fields[rulesFor] && (
        <ValueRules
          form={form}
          path={`${path}.fields.${rulesFor}`}
          field={table.fields[rulesFor]}
          examples={columns.find((c) => table.fields[rulesFor].source.includes(c.name))?.examples ?? []}
          onClose={() => setRulesFor(null)}
        />
      )}
    </Stack>
  );
}

import { Checkbox, Select, Table, Text, Textarea } from '@mantine/core';
import type { CompareTable } from '../../../../core/compare/types';
import type { FieldChoice, TransformKind } from './compare-values';

const TRANSFORMS: { value: TransformKind; label: string }[] = [
  { value: 'none', label: 'As it is' },
  { value: 'trim', label: 'Trim spaces' },
  { value: 'upper', label: 'UPPER CASE' },
  { value: 'lower', label: 'lower case' },
  { value: 'number', label: 'Read as a number' },
  { value: 'date', label: 'Read as a date' },
  { value: 'map', label: 'Replace values…' },
];

interface Props {
  fields: FieldChoice[];
  target: CompareTable;
  keyTargets: string[];
  errors: Record<string, string>;
  onChange(fields: FieldChoice[]): void;
}

/** One row per source column: copy it or not, into which target column, with which transform. */
export function FieldsTable({ fields, target, keyTargets, errors, onChange }: Props) {
  const set = (i: number, patch: Partial<FieldChoice>) =>
    onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const targetNames = target.columns.map((c) => c.name).filter((n) => !keyTargets.includes(n));
  return (
    <Table withTableBorder data-testid="compare-fields">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Copy</Table.Th>
          <Table.Th>Source field</Table.Th>
          <Table.Th>Into target column</Table.Th>
          <Table.Th>Transform</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {fields.map((f, i) => {
          const data = targetNames.includes(f.target) ? targetNames : [...targetNames, f.target];
          return (
            <Table.Tr key={f.source}>
              <Table.Td>
                <Checkbox
                  checked={f.copy}
                  onChange={(e) => set(i, { copy: e.currentTarget.checked })}
                  aria-label={`Copy ${f.source}`}
                />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{f.source}</Text>
                {errors[`fields.${f.source}`] && (
                  <Text size="xs" c="red" role="alert">
                    {errors[`fields.${f.source}`]}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Select
                  aria-label={`Target column for ${f.source}`}
                  data={data.map((n) => ({
                    value: n,
                    label: targetNames.includes(n) ? n : `${n} (not in the target)`,
                  }))}
                  value={f.target}
                  onChange={(v) => v && set(i, { target: v })}
                  disabled={!f.copy}
                  allowDeselect={false}
                  searchable
                />
              </Table.Td>
              <Table.Td>
                <Select
                  aria-label={`Transform for ${f.source}`}
                  data={TRANSFORMS}
                  value={f.transform}
                  onChange={(v) => v && set(i, { transform: v as TransformKind })}
                  disabled={!f.copy}
                  allowDeselect={false}
                />
                {f.copy && f.transform === 'map' && (
                  <Textarea
                    mt="xs"
                    aria-label={`Value map for ${f.source}`}
                    description="One per line: old => new"
                    placeholder={'In progress => open\nDone => closed'}
                    value={f.map}
                    onChange={(e) => set(i, { map: e.currentTarget.value })}
                    autosize
                    minRows={2}
                  />
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

import { Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { WizardValues } from '../../wizard-values';

/** What happens to two rows with the same key, and to links whose names match no record. */
export function DuplicatesAndLinks({ form, index }: { form: UseFormReturnType<WizardValues>; index: number }) {
  const table = form.values.mapping!.tables[index];
  const path = `mapping.tables.${index}`;
  const keep = table.duplicates?.keep ?? 'first';
  return (
    <Stack>
      <Title order={3} size="h5">
        Duplicates
      </Title>
      <Group align="flex-end">
        <Select
          label="When two rows have the same key"
          data={[
            { value: 'first', label: 'Keep the first one in the file' },
            { value: 'last', label: 'Keep the last one in the file' },
            { value: 'prefer', label: 'Keep the one where a field has a value…' },
          ]}
          value={keep}
          allowDeselect={false}
          onChange={(v) => v && form.setFieldValue(`${path}.duplicates.keep` as never, v as never)}
          w={320}
        />
        {keep === 'prefer' && (
          <>
            <Select
              label="Field"
              data={table.fields.map((f) => f.column)}
              value={table.duplicates?.prefer?.column ?? null}
              onChange={(v) =>
                v &&
                form.setFieldValue(
                  `${path}.duplicates.prefer` as never,
                  {
                    column: v,
                    value: table.duplicates?.prefer?.value ?? '',
                  } as never,
                )
              }
              w={200}
            />
            <TextInput
              label="Has the value"
              value={String(table.duplicates?.prefer?.value ?? '')}
              onChange={(e) =>
                form.setFieldValue(`${path}.duplicates.prefer.value` as never, e.currentTarget.value as never)
              }
              w={160}
            />
          </>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        The rows not kept are listed in the report, never dropped silently.
      </Text>
      <Title order={3} size="h5">
        Links to other tables
      </Title>
      {(table.links ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          This table links to no other table.
        </Text>
      ) : (
        <Table withTableBorder data-testid="link-table">
          <Table.Caption>Links of {table.name}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Export column</Table.Th>
              <Table.Th scope="col">Links to</Table.Th>
              <Table.Th scope="col">When no record has that name</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(table.links ?? []).map((l, i) => (
              <Table.Tr key={i}>
                <Table.Td>{l.source}</Table.Td>
                <Table.Td>{l.table}</Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`When ${l.source} names no record`}
                    data={[
                      { value: 'pending', label: 'Wait: keep the row aside until the record exists' },
                      { value: 'null', label: 'Write the row without the link' },
                      { value: 'reject', label: 'Do not take the row' },
                    ]}
                    value={l.onUnresolved ?? 'pending'}
                    allowDeselect={false}
                    onChange={(v) => v && form.setFieldValue(`${path}.links.${i}.onUnresolved` as never, v as never)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

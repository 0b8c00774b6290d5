import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { MappingInput } from '../../../../core/mapping/document';
import { applyFix, describeFix, findField, possibleFixes, type ProblemGroup, type RuleFix } from '../../lib/problems';

interface Props {
  group: ProblemGroup;
  mapping: MappingInput;
  /** Called with the mapping that has the rule added; the caller saves it and checks again. */
  onFix(mapping: MappingInput, description: string): void;
  busy?: boolean;
}

/** The suggested fix for one group of problems, added to the mapping as a value rule. */
export function RuleFixer({ group, mapping, onFix, busy }: Props) {
  const ref = findField(mapping, group.table, group.column);
  const field = ref ? mapping.tables[ref.table].fields[ref.field] : undefined;
  const kinds = field ? possibleFixes(field, group) : [];
  const [kind, setKind] = useState<RuleFix['kind'] | undefined>(kinds[0]);
  const [to, setTo] = useState(field?.allowed?.[0]?.value ?? '');
  const [value, setValue] = useState('');
  if (!ref || !field || !kind)
    return (
      <Text size="sm" c="dimmed">
        Fix these in Airtable and export again, or change the mapping.
      </Text>
    );
  const fix: RuleFix =
    kind === 'synonym'
      ? { kind, values: group.values.map((v) => v.value), to }
      : kind === 'default'
        ? { kind, value }
        : { kind };
  const ready = kind === 'text' || (kind === 'synonym' ? Boolean(to) : value !== '');
  return (
    <Stack gap="xs" data-testid="rule-fixer">
      <Text size="sm" fw={600}>
        Suggested fix
      </Text>
      <Group align="flex-end">
        <Select
          label="Rule"
          size="xs"
          w={260}
          allowDeselect={false}
          value={kind}
          onChange={(v) => v && setKind(v as RuleFix['kind'])}
          data={kinds.map((k) => ({
            value: k,
            label:
              k === 'synonym'
                ? 'Treat these values as an allowed value'
                : k === 'default'
                  ? 'Fill empty cells with a value'
                  : 'Keep the values as text',
          }))}
        />
        {kind === 'synonym' && (
          <Select
            label="Allowed value"
            size="xs"
            w={180}
            value={to}
            onChange={(v) => setTo(v ?? '')}
            data={(field.allowed ?? []).map((a) => a.value)}
          />
        )}
        {kind === 'default' && (
          <TextInput
            label="Value to use"
            size="xs"
            w={180}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
          />
        )}
        <Button
          size="xs"
          disabled={!ready}
          loading={busy}
          onClick={() => onFix(applyFix(mapping, ref, fix), describeFix(fix, field.column))}
        >
          Add this rule and check again
        </Button>
      </Group>
    </Stack>
  );
}

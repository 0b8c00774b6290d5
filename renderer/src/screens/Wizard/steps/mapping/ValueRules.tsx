import { ActionIcon, Button, Checkbox, Group, Modal, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { MappingInput } from '../../../../../../core/mapping/document';
import { countRuleEffects, notAllowed } from '../../../../lib/rules';
import type { WizardValues } from '../../wizard-values';

type FieldInput = MappingInput['tables'][number]['fields'][number];

interface Props {
  form: UseFormReturnType<WizardValues>;
  /** Form path of the field, e.g. `mapping.tables.0.fields.2`. */
  path: string;
  field: FieldInput;
  /** Sample values of the export column, to count what each rule would change. */
  examples: string[];
  onClose(): void;
}

/** Standardise values, allow only some, fill empty cells: each rule with how many values it changes. */
export function ValueRules({ form, path, field, examples, onClose }: Props) {
  const counts = countRuleEffects(field, examples);
  const outside = notAllowed(field, examples);
  const p = (suffix: string) => `${path}.${suffix}` as never;
  return (
    <Modal opened onClose={onClose} title={`Value rules for “${field.column}”`} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          Rules tidy values before they are written. Counts below are from the sample values; the check counts every
          row.
        </Text>
        <Title order={3} size="h5">
          Allowed values
        </Title>
        <Text size="sm" c="dimmed">
          Each allowed value can have other spellings that mean the same (“large ”, “L”, “Lrg” → “Large”). Leave empty
          to accept any value.
        </Text>
        {(field.allowed ?? []).map((a, i) => (
          <Group key={i} align="flex-end" wrap="nowrap" data-testid="allowed-value">
            <TextInput label="Value" {...form.getInputProps(p(`allowed.${i}.value`))} w={180} />
            <TagsInput
              label="Also written as"
              {...form.getInputProps(p(`allowed.${i}.synonyms`))}
              style={{ flex: 1 }}
              clearable
            />
            <Text size="sm" w={110} pb={8}>
              {counts[i] ? `${counts[i].count} change(s)` : ''}
            </Text>
            <ActionIcon
              variant="default"
              aria-label={`Remove the allowed value ${a.value}`}
              onClick={() => form.removeListItem(p('allowed'), i)}
              mb={4}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="light"
            size="xs"
            onClick={() =>
              field.allowed
                ? form.insertListItem(p('allowed'), { value: '', synonyms: [] })
                : form.setFieldValue(p('allowed'), [{ value: '', synonyms: [] }] as never)
            }
          >
            Add an allowed value
          </Button>
        </Group>
        {outside.length > 0 && (
          <Text size="sm" c="red.9" data-testid="not-allowed">
            Not allowed yet (would be reported): {outside.map((v) => `“${v}”`).join(', ')}
          </Text>
        )}
        <Title order={3} size="h5">
          Empty cells
        </Title>
        <Group align="flex-end">
          <TextInput
            label="Use this value when the cell is empty"
            value={field.default === undefined ? '' : String(field.default)}
            onChange={(e) =>
              form.setFieldValue(
                p('default'),
                (e.currentTarget.value === '' ? undefined : e.currentTarget.value) as never,
              )
            }
            w={280}
          />
          {counts.find((c) => c.rule.startsWith('empty')) && (
            <Text size="sm" pb={8}>
              {counts.find((c) => c.rule.startsWith('empty'))!.count} change(s)
            </Text>
          )}
        </Group>
        <Checkbox
          label="A value is required (rows without one are reported)"
          {...form.getInputProps(p('required'), { type: 'checkbox' })}
        />
        <Group justify="flex-end">
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

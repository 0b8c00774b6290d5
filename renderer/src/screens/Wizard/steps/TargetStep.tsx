import { Stack, Text, TextInput, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { ConnectionForm } from '../../../components/ConnectionForm/ConnectionForm';
import type { TargetDraft } from '../../../lib/connection';
import type { WizardValues } from '../wizard-values';

export function TargetStep({ form }: { form: UseFormReturnType<WizardValues> }) {
  const errors = Object.fromEntries(
    Object.entries(form.errors)
      .filter(([k]) => k.startsWith('target.'))
      .map(([k, v]) => [k.slice('target.'.length), String(v)]),
  ) as Partial<Record<keyof TargetDraft, string>>;
  return (
    <Stack maw={760}>
      <Title order={2} size="h3">
        Where should the data go?
      </Title>
      <TextInput
        label="Name of this migration"
        description="Something you will recognise on the home screen"
        placeholder="Gallery inventory"
        {...form.getInputProps('name')}
      />
      <Text size="sm" c="dimmed">
        Choose the PostgreSQL database your data goes into. If you do not have one yet, use a database on this computer.
      </Text>
      <ConnectionForm
        value={form.values.target}
        onChange={(v) => {
          form.setFieldValue('target', v);
          form.clearErrors();
        }}
        errors={errors}
      />
    </Stack>
  );
}

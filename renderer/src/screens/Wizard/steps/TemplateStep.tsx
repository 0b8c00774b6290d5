import { Card, Group, Loader, Radio, Stack, Text, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useEffect, useState } from 'react';
import type { TemplateInfo } from '../../../../../core/mapping/types';
import { useClient } from '../../../api/client';
import { ErrorNote } from '../../../components/ErrorNote/ErrorNote';
import { errorMessage } from '../../../hooks/useLongCall';
import type { WizardValues } from '../wizard-values';

/** A ready mapping for a known shape, or Ferry's own proposal; each explained in one sentence. */
export function TemplateStep({ form }: { form: UseFormReturnType<WizardValues> }) {
  const client = useClient();
  const [templates, setTemplates] = useState<TemplateInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.send('templates/list', {}).then(
      (r) => setTemplates(r.templates),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [client]);
  const choices = templates ?? [];
  return (
    <Stack maw={760}>
      <Title order={2} size="h3">
        What should the tables look like?
      </Title>
      <ErrorNote message={error} />
      {!templates && !error && <Loader size="sm" aria-label="Loading templates" />}
      <Radio.Group
        value={form.values.template}
        onChange={(v) => form.setFieldValue('template', v)}
        label="Choose a template"
        error={form.errors.template}
      >
        <Stack mt="xs">
          {choices.map((c) => (
            <Card key={c.id} withBorder padding="md" component="label" style={{ cursor: 'pointer' }}>
              <Group wrap="nowrap" align="flex-start">
                <Radio value={c.id} aria-describedby={`tpl-${c.id}`} aria-label={c.title} />
                <div>
                  <Text fw={600}>{c.title}</Text>
                  <Text size="sm" c="dimmed" id={`tpl-${c.id}`}>
                    {c.description}
                  </Text>
                </div>
              </Group>
            </Card>
          ))}
        </Stack>
      </Radio.Group>
    </Stack>
  );
}

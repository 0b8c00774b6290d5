import { Alert, Stack, Text, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { InspectReport } from '../../../../../core/source/inspect-types';
import { useClient } from '../../../api/client';
import { AttachmentDownload } from '../../../components/AttachmentDownload/AttachmentDownload';
import { ErrorNote } from '../../../components/ErrorNote/ErrorNote';
import { FilePicker, type PickedFiles } from '../../../components/FilePicker/FilePicker';
import { InspectSummary } from '../../../components/InspectSummary/InspectSummary';
import { ProgressPanel } from '../../../components/ProgressPanel/ProgressPanel';
import { useLongCall } from '../../../hooks/useLongCall';
import { fileIds, type WizardValues } from '../wizard-values';

interface Props {
  form: UseFormReturnType<WizardValues>;
  report: InspectReport | null;
  onReport(report: InspectReport | null): void;
}

/** Your export: the files, and what Ferry recognised in them before anything else happens. */
export function ExportStep({ form, report, onReport }: Props) {
  const client = useClient();
  const inspect = useLongCall();

  async function pick(files: PickedFiles) {
    form.setFieldValue('files', files);
    form.clearErrors();
    onReport(null);
    const ids = fileIds(files);
    if (!ids.length) return;
    const r = await inspect.run((o) => client.send('source/inspect', { files: ids }, o));
    if (r) onReport(r);
  }

  return (
    <Stack>
      <Title order={2} size="h3">
        Your export
      </Title>
      <Text size="sm" c="dimmed">
        In Airtable, open each table and use “Download CSV”. Drop all the files here at once, or choose the folder they
        are in.
      </Text>
      <FilePicker value={form.values.files} onChange={(f) => void pick(f)} />
      {form.errors.files && (
        <Text c="red" size="sm" role="alert">
          {form.errors.files}
        </Text>
      )}
      {inspect.busy && <ProgressPanel title="Reading your files" {...inspect} onCancel={inspect.cancel} />}
      <ErrorNote title="Ferry could not read the export" message={inspect.error} />
      {report && report.attachments && (
        <Alert color="yellow" title="Attachment links expire" data-testid="attachment-warning">
          <Stack gap="sm">
            <Text size="sm">
              Your export has attachments. Airtable&apos;s links to them stop working a few hours after the export, so
              Ferry keeps the file names and links, but download the files soon if you need them.
            </Text>
            <AttachmentDownload files={fileIds(form.values.files)} />
          </Stack>
        </Alert>
      )}
      {report && <InspectSummary report={report} />}
    </Stack>
  );
}

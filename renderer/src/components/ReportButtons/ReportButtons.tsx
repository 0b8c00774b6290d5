import { Button, Group, Modal } from '@mantine/core';
import { useState } from 'react';
import type { RenderedReport } from '../../../../core/report/types';
import { useClient } from '../../api/client';
import { errorMessage } from '../../hooks/useLongCall';
import { saveFile } from '../../lib/download';
import classes from './ReportButtons.module.css';
import { notify } from '../../lib/notify';

type Subject = { runId: string } | { planId: string };

/** "View report" opens the import report in the app; the downloads save it as a page or a spreadsheet. */
export function ReportButtons({ subject, viewLabel = 'View report' }: { subject: Subject; viewLabel?: string }) {
  const client = useClient();
  const [report, setReport] = useState<RenderedReport | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function render(format: 'html' | 'csv', then: (r: RenderedReport) => void) {
    setBusy(format);
    try {
      then(await client.send('report/render', { ...subject, format }));
    } catch (e) {
      notify('failed', 'The report could not be made', errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <Group>
        <Button variant="light" onClick={() => void render('html', setReport)} loading={busy === 'html'}>
          {viewLabel}
        </Button>
        <Button
          variant="default"
          onClick={() => void render('html', (r) => saveFile(r.fileName, r.mimeType, r.content))}
        >
          Download the report
        </Button>
        <Button
          variant="default"
          loading={busy === 'csv'}
          onClick={() => void render('csv', (r) => saveFile(r.fileName, r.mimeType, r.content))}
        >
          Download as a spreadsheet
        </Button>
      </Group>
      <Modal opened={Boolean(report)} onClose={() => setReport(null)} title="Import report" size="xl">
        {report && (
          <>
            {/* Sandboxed: the report is shown, never run. */}
            <iframe title="Import report" sandbox="" srcDoc={report.content} className={classes.frame} />
            <Group mt="sm">
              <Button onClick={() => saveFile(report.fileName, report.mimeType, report.content)}>Download</Button>
            </Group>
          </>
        )}
      </Modal>
    </>
  );
}

import { Alert, Button, Card, Group, Loader, NumberInput, Stack, Text, Textarea, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AskAnswer, AskStatus, QueryRows } from '../../../../core/ask/types';
import type { Workspace } from '../../../../core/history/types';
import { CallError, useClient } from '../../api/client';
import { errorMessage } from '../../hooks/useLongCall';
import { saveFile } from '../../lib/download';
import { useNavigation } from '../../navigation/route';
import { ReaderRole } from './ReaderRole';
import { ResultsTable } from './ResultsTable';

/** A heading for each way asking or running can fail; the message itself says what to do. */
const FAILURE_TITLE: Record<string, string> = {
  'ask-no-key': 'No API key yet',
  'ask-offline': 'The AI service cannot be reached',
  'ask-rate-limited': 'Too many questions at once',
  'ask-timeout': 'No answer in time',
  'ask-service-down': 'The AI service has a problem',
  'ask-key-rejected': 'The API key was not accepted',
  'ask-model-unknown': 'Unknown model',
  'ask-no-query': 'No query in the answer',
  'query-refused': 'Query refused',
  'query-timeout': 'The query took too long',
  'query-mistake': 'The query has a mistake',
  'query-permission': 'Not allowed',
  cancelled: 'Stopped',
};

interface Failure {
  title: string;
  message: string;
}

function failureOf(e: unknown): Failure {
  const code = e instanceof CallError ? e.plain.code : '';
  return { title: FAILURE_TITLE[code] ?? 'That did not work', message: errorMessage(e) };
}

/**
 * "Ask your data": a question in plain words becomes one query, shown and editable, then run
 * read-only. The engine refuses anything that is not a single SELECT before it reaches PostgreSQL.
 */
export function Ask({ workspaceId }: { workspaceId: string }) {
  const client = useClient();
  const { go } = useNavigation();
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  const [status, setStatus] = useState<AskStatus | null>(null);
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState<AskAnswer | null>(null);
  const [sql, setSql] = useState('');
  const [result, setResult] = useState<QueryRows | null>(null);
  const [busy, setBusy] = useState<'ask' | 'run' | 'csv' | null>(null);
  // Within what the engine accepts (ask/run: 1–1000 rows, 1–300 seconds).
  const [limit, setLimit] = useState(200);
  const [timeoutSeconds, setTimeoutSeconds] = useState(30);
  const [failure, setFailure] = useState<Failure | null>(null);
  const controller = useRef<AbortController | null>(null);

  const loadStatus = useCallback(
    () => client.send('ask/status', { workspaceId }).then(setStatus, (e: unknown) => setFailure(failureOf(e))),
    [client, workspaceId],
  );
  useEffect(() => {
    client.send('workspace/get', { id: workspaceId }).then(setWorkspace, (e: unknown) => setFailure(failureOf(e)));
    void loadStatus();
  }, [client, workspaceId, loadStatus]);

  async function attempt<T>(
    kind: 'ask' | 'run' | 'csv',
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T | undefined> {
    const ctrl = new AbortController();
    controller.current = ctrl;
    setBusy(kind);
    setFailure(null);
    try {
      return await work(ctrl.signal);
    } catch (e) {
      setFailure(
        ctrl.signal.aborted
          ? { title: 'Stopped', message: 'Stopped because you asked. Nothing was changed.' }
          : failureOf(e),
      );
      return undefined;
    } finally {
      controller.current = null;
      setBusy(null);
    }
  }

  async function ask() {
    const got = await attempt('ask', (signal) => client.send('ask/question', { workspaceId, question }, { signal }));
    if (!got) return;
    setAnswer(got);
    setSql(got.sql);
    setResult(null);
  }

  async function run() {
    const got = await attempt('run', (signal) =>
      client.send('ask/run', { workspaceId, sql, limit, timeoutSeconds }, { signal }),
    );
    if (got) setResult(got);
  }

  async function exportCsv() {
    const got = await attempt('csv', (signal) =>
      client.send('ask/export-csv', { workspaceId, sql, timeoutSeconds }, { signal }),
    );
    if (got) saveFile(got.fileName, 'text/csv;charset=utf-8', got.csv);
  }

  const noKey = status !== null && !status.hasKey;
  // The refusal Ferry gave for the model's query holds only while that query is unchanged.
  const refused = answer?.refused && sql === answer.sql ? answer.refused : null;

  return (
    <Stack maw={1100}>
      <div>
        <Title order={1}>Ask your data</Title>
        <Text c="dimmed">
          {workspace ? `${workspace.name} — ${workspace.targetLabel}` : 'Loading…'}. Questions become one query that
          only reads; you see it before it runs.
        </Text>
      </div>

      {!status && !failure && <Loader size="sm" aria-label="Checking Ask your data" />}
      {noKey && (
        <Alert color="yellow" title="No API key yet" data-testid="ask-no-key">
          <Text size="sm">
            Ask your data sends your question and a description of your tables to an AI service, which needs an API key.
            Add one in Settings. The rest of Ferry works without it, and you can still write and run a query yourself
            below.
          </Text>
          <Button mt="sm" variant="default" onClick={() => go({ screen: 'settings' })}>
            Open Settings
          </Button>
        </Alert>
      )}

      {status?.databaseProblem && (
        <Alert color="yellow" title="The database cannot be reached" data-testid="ask-database-problem">
          {status.databaseProblem}
        </Alert>
      )}

      <Card withBorder component="section" aria-labelledby="ask-question-title">
        <Title order={2} size="h4" id="ask-question-title" mb="xs">
          Your question
        </Title>
        <Stack gap="xs">
          <Textarea
            label="Ask in plain words"
            placeholder="Which prints sold the most editions last year?"
            autosize
            minRows={2}
            maxLength={2000}
            value={question}
            onChange={(e) => setQuestion(e.currentTarget.value)}
            data-testid="ask-question"
          />
          <Group>
            <Button
              onClick={() => void ask()}
              loading={busy === 'ask'}
              disabled={noKey || question.trim().length < 3 || busy !== null}
            >
              Ask
            </Button>
            {busy === 'ask' && (
              <Button variant="default" onClick={() => controller.current?.abort()}>
                Stop
              </Button>
            )}
            {status && (
              <Text size="sm" c="dimmed">
                Model: {status.model}
              </Text>
            )}
          </Group>
        </Stack>
      </Card>

      {failure && (
        <Alert color="red" title={failure.title} role="alert" data-testid="ask-failure">
          {failure.message}
        </Alert>
      )}

      <Card withBorder component="section" aria-labelledby="ask-sql-title">
        <Title order={2} size="h4" id="ask-sql-title" mb="xs">
          The query
        </Title>
        <Stack gap="xs">
          {answer?.note && (
            <Text size="sm" data-testid="ask-note">
              {answer.note}
            </Text>
          )}
          <Textarea
            label="SQL (you can edit it before running)"
            description={`Only one SELECT that reads can run. It runs read-only, stops after ${timeoutSeconds} seconds, and shows at most ${limit} rows.`}
            autosize
            minRows={4}
            maxLength={20000}
            spellCheck={false}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            value={sql}
            onChange={(e) => setSql(e.currentTarget.value)}
            data-testid="ask-sql"
          />
          <Group gap="md">
            <NumberInput
              label="Show at most (rows)"
              min={1}
              max={1000}
              clampBehavior="strict"
              allowDecimal={false}
              w={180}
              value={limit}
              onChange={(v) => setLimit(typeof v === 'number' && v >= 1 ? v : 200)}
              data-testid="ask-limit"
            />
            <NumberInput
              label="Stop after (seconds)"
              min={1}
              max={300}
              clampBehavior="strict"
              allowDecimal={false}
              w={180}
              value={timeoutSeconds}
              onChange={(v) => setTimeoutSeconds(typeof v === 'number' && v >= 1 ? v : 30)}
              data-testid="ask-timeout"
            />
          </Group>
          {refused && (
            <Alert color="yellow" title="Ferry will not run this query" data-testid="ask-refused">
              {refused}
            </Alert>
          )}
          <Group>
            <Button onClick={() => void run()} loading={busy === 'run'} disabled={!sql.trim() || busy !== null}>
              Run (read-only)
            </Button>
            <Button
              variant="default"
              onClick={() => void exportCsv()}
              loading={busy === 'csv'}
              disabled={!result || !sql.trim() || busy !== null}
            >
              Export CSV
            </Button>
            {(busy === 'run' || busy === 'csv') && (
              <Button variant="default" onClick={() => controller.current?.abort()}>
                Stop
              </Button>
            )}
          </Group>
          <ReaderRole workspaceId={workspaceId} state={status?.readerRole} onMade={() => void loadStatus()} />
        </Stack>
      </Card>

      {result && (
        <Card withBorder component="section" aria-labelledby="ask-results-title">
          <Title order={2} size="h4" id="ask-results-title" mb="xs">
            Results
          </Title>
          <ResultsTable result={result} />
        </Card>
      )}
    </Stack>
  );
}

import { Alert, Button, Group, MultiSelect, Select, SimpleGrid, Stack, Stepper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ComparePlan, CompareTable, CopyResult } from '../../../../core/compare/types';
import { useClient } from '../../api/client';
import { ConnectionForm } from '../../components/ConnectionForm/ConnectionForm';
import { ErrorNote } from '../../components/ErrorNote/ErrorNote';
import { ProgressPanel } from '../../components/ProgressPanel/ProgressPanel';
import { errorMessage, useLongCall } from '../../hooks/useLongCall';
import { toConnectionInput, type TargetDraft } from '../../lib/connection';
import { plural } from '../../lib/format';
import { useNavigation } from '../../navigation/route';
import {
  compareStepErrors,
  defaultFields,
  findTable,
  initialCompareValues,
  matchingTable,
  STEPS,
  tableId,
  tableLabel,
  toSpec,
  type CompareValues,
} from './compare-values';
import { DryRunView } from './DryRunView';
import { FieldsTable } from './FieldsTable';

/** Field errors of one connection, as ConnectionForm keys them. */
function connectionErrors(errors: Record<string, string>, prefix: string): Partial<Record<keyof TargetDraft, string>> {
  return Object.fromEntries(
    Object.entries(errors)
      .filter(([k]) => k.startsWith(`${prefix}.`))
      .map(([k, v]) => [k.slice(prefix.length + 1), v]),
  );
}

/**
 * Compare databases: copy chosen fields from one database to another for rows matched by a key,
 * after a dry run that shows every change. The copy is one transaction and a run in History.
 */
export function Compare() {
  const client = useClient();
  const { go } = useNavigation();
  const [values, setValues] = useState<CompareValues>(initialCompareValues);
  const [active, setActive] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sourceTables, setSourceTables] = useState<CompareTable[]>([]);
  const [targetTables, setTargetTables] = useState<CompareTable[]>([]);
  const [plan, setPlan] = useState<ComparePlan | null>(null);
  const [done, setDone] = useState<CopyResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const planCall = useLongCall();
  const copyCall = useLongCall();
  const set = (patch: Partial<CompareValues>) => {
    // An edit answers what "Next" asked for: the messages come back on the next "Next" if still true.
    setErrors({});
    setValues((v) => ({ ...v, ...patch }));
  };

  const source = findTable(sourceTables, values.sourceTable);
  const target = findTable(targetTables, values.targetTable);

  async function dryRun(v: CompareValues) {
    setPlan(null);
    const result = await planCall.run(({ signal, onProgress }) =>
      client.send('compare/plan', toSpec(v), { signal, onProgress }),
    );
    if (result) setPlan(result);
  }

  async function leaveStep(step: number): Promise<boolean> {
    if (step === 0) {
      const [from, to] = await Promise.all([
        client.send('compare/tables', { connection: toConnectionInput(values.from) }),
        client.send('compare/tables', { connection: toConnectionInput(values.to) }),
      ]);
      setSourceTables(from.tables);
      setTargetTables(to.tables);
      if (!from.tables.length) throw new Error('The source database has no tables this user can read.');
      if (!to.tables.length) throw new Error('The target database has no tables to copy into.');
    }
    if (step === 1 && source && target) {
      const keyNames = values.keys.map((k) => k.source);
      const same = values.fields.length && values.fields.every((f) => source.columns.some((c) => c.name === f.source));
      if (!same || values.fields.some((f) => keyNames.includes(f.source)))
        set({ fields: defaultFields(source, target, keyNames) });
    }
    if (step === 2) void dryRun(values);
    return true;
  }

  async function next() {
    const found = compareStepErrors(active, values);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      if (await leaveStep(active)) setActive((a) => a + 1);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    if (!plan) return;
    setActive(4);
    const { matched, notFound, notInSource, update } = plan;
    const result = await copyCall.run(({ signal, onProgress }) =>
      client.send(
        'compare/apply',
        { spec: toSpec(values), expect: { matched, notFound, notInSource, update } },
        { signal, onProgress },
      ),
    );
    if (result) setDone(result);
  }

  function chooseSource(id: string | null) {
    const s = findTable(sourceTables, id);
    const t = matchingTable(s, targetTables) ?? values.targetTable;
    const tt = findTable(targetTables, t);
    // Keys default to a primary-looking first column present on both sides.
    const first = s?.columns[0]?.name;
    const keys = first && tt?.columns.some((c) => c.name === first) ? [{ source: first, target: first }] : [];
    set({ sourceTable: id, targetTable: t, keys, fields: [] });
  }

  function chooseKeys(names: string[]) {
    set({
      keys: names.map(
        (n) =>
          values.keys.find((k) => k.source === n) ?? {
            source: n,
            target: target?.columns.some((c) => c.name === n) ? n : '',
          },
      ),
    });
  }

  const stepError = Object.values(errors).find(Boolean);
  const copying = copyCall.busy;
  return (
    <Stack maw={1200}>
      <Title order={1}>Compare databases</Title>
      <Text c="dimmed">
        Copy chosen fields from one PostgreSQL database to another for rows matched by a key — for example from
        production to a sandbox. You see every change first; the copy can be undone from History.
      </Text>
      <Stepper
        active={active}
        onStepClick={(i) => i < active && !done && !copying && setActive(i)}
        allowNextStepsSelect={false}
        size="sm"
      >
        {STEPS.map((s) => (
          <Stepper.Step key={s.label} label={s.label} />
        ))}
      </Stepper>

      <section aria-label={STEPS[active].label} data-testid={`compare-step-${active}`}>
        {active === 0 && (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
            <Stack>
              <Title order={2} size="h3">
                Copy from
              </Title>
              <ConnectionForm
                value={values.from}
                onChange={(from) => set({ from })}
                errors={connectionErrors(errors, 'from')}
              />
            </Stack>
            <Stack data-testid="compare-to">
              <Title order={2} size="h3">
                Copy into
              </Title>
              <ConnectionForm
                value={values.to}
                onChange={(to) => set({ to })}
                errors={connectionErrors(errors, 'to')}
              />
            </Stack>
          </SimpleGrid>
        )}

        {active === 1 && (
          <Stack>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Select
                label="Table to copy from"
                data={sourceTables.map((t) => ({ value: tableId(t), label: tableLabel(t) }))}
                value={values.sourceTable}
                onChange={chooseSource}
                error={errors.sourceTable}
                searchable
                allowDeselect={false}
              />
              <Select
                label="Table to copy into"
                data={targetTables.map((t) => ({ value: tableId(t), label: tableLabel(t) }))}
                value={values.targetTable}
                onChange={(id) => set({ targetTable: id, fields: [] })}
                error={errors.targetTable}
                searchable
                allowDeselect={false}
              />
            </SimpleGrid>
            {source && target && (
              <>
                <MultiSelect
                  label="Key: the column or columns that identify a row in both tables"
                  description="Choose several for a combined key, e.g. job and release"
                  data={source.columns.map((c) => c.name)}
                  value={values.keys.map((k) => k.source)}
                  onChange={chooseKeys}
                  error={errors.keys}
                  searchable
                />
                {values.keys.map((k, i) => (
                  <Select
                    key={k.source}
                    label={`"${k.source}" matches this column of ${tableLabel(target)}`}
                    data={target.columns.map((c) => c.name)}
                    value={k.target || null}
                    onChange={(v) =>
                      set({ keys: values.keys.map((x, j) => (j === i ? { ...x, target: v ?? '' } : x)) })
                    }
                    error={errors[`keys.${i}`]}
                    searchable
                    allowDeselect={false}
                    maw={520}
                  />
                ))}
              </>
            )}
          </Stack>
        )}

        {active === 2 && target && (
          <Stack>
            <Text size="sm" c="dimmed">
              Ferry only changes the fields you tick, in rows whose key matches. Rows are never added or removed.
            </Text>
            <FieldsTable
              fields={values.fields}
              target={target}
              keyTargets={values.keys.map((k) => k.target)}
              errors={errors}
              onChange={(fields) => set({ fields })}
            />
          </Stack>
        )}

        {active === 3 && (
          <Stack>
            {planCall.busy && (
              <ProgressPanel
                title="Comparing the two tables"
                progress={planCall.progress}
                startedAt={planCall.startedAt}
                onCancel={planCall.cancel}
              />
            )}
            <ErrorNote title="The dry run did not finish" message={planCall.error} />
            {plan && <DryRunView plan={plan} />}
            {plan && (
              <Alert color="ferry" title="Nothing has been written yet">
                {plan.update
                  ? `Copying changes ${plural(plan.update, 'row')} of ${target ? tableLabel(target) : 'the target'} in one step. You can undo it from History.`
                  : 'The target already holds these values: there is nothing to copy.'}
              </Alert>
            )}
          </Stack>
        )}

        {active === 4 && (
          <Stack>
            {copying && (
              <ProgressPanel
                title="Copying"
                progress={copyCall.progress}
                startedAt={copyCall.startedAt}
                onCancel={copyCall.cancel}
                cancelLabel="Cancel (nothing is written)"
              />
            )}
            <ErrorNote
              title={copyCall.cancelled ? 'Copy cancelled' : 'The copy did not finish'}
              message={copyCall.error}
            />
            {done && (
              <Stack data-testid="compare-done">
                <Alert color="ferry" title="Copied">
                  {`Changed ${plural(done.update, 'row')} in one step (run ${done.runId}). History lists it; restoring it puts every copied field back.`}
                </Alert>
                <DryRunView plan={done} />
              </Stack>
            )}
          </Stack>
        )}
      </section>

      {stepError && active > 0 && (
        <Text c="red" size="sm" role="alert" data-testid="compare-step-error">
          {stepError}
        </Text>
      )}
      <ErrorNote message={error} />

      {!copying && (
        <Group justify="space-between">
          <Group>
            {!done && (
              <Button variant="default" onClick={() => setActive((a) => a - 1)} disabled={active === 0 || busy}>
                Back
              </Button>
            )}
            <Button variant="subtle" onClick={() => go({ screen: 'home' })}>
              {done ? 'Back to your migrations' : 'Leave'}
            </Button>
          </Group>
          {active < 3 && (
            <Button onClick={() => void next()} loading={busy}>
              {active === 2 ? 'Dry run' : 'Next'}
            </Button>
          )}
          {active === 3 && plan && !planCall.busy && plan.update > 0 && (
            <Button onClick={() => void copy()}>Copy {plural(plan.update, 'row')}</Button>
          )}
          {active === 4 && copyCall.error && (
            <Button
              variant="default"
              onClick={() => {
                setActive(3);
                void dryRun(values);
              }}
            >
              New dry run
            </Button>
          )}
          {done && (
            <Button onClick={() => go({ screen: 'history', workspaceId: done.workspaceId, runId: done.runId })}>
              See it in History
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}

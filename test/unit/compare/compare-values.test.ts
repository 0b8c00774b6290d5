import { describe, expect, it } from 'vitest';
import { compareSpec } from '../../../core/api/ops/compare.js';
import type { CompareTable } from '../../../core/compare/types.js';
import {
  compareStepErrors,
  defaultFields,
  initialCompareValues,
  matchingTable,
  parseValueMap,
  toSpec,
  type CompareValues,
} from '../../../renderer/src/screens/Compare/compare-values.js';

const table = (schema: string, name: string, cols: string[]): CompareTable => ({
  schema,
  name,
  columns: cols.map((c) => ({ name: c, type: 'text' })),
});

describe('the Compare databases form', () => {
  const source = table('public', 'jobs', ['job', 'release', 'title', 'note']);
  const target = table('public', 'jobs', ['job_no', 'rel', 'title', 'qty']);

  it('finds the target table of the same name, preferring the same schema', () => {
    const targets = [table('sandbox', 'jobs', []), table('public', 'jobs', []), table('public', 'other', [])];
    expect(matchingTable(source, targets)).toBe('public.jobs');
    expect(matchingTable(source, [table('sandbox', 'jobs', [])])).toBe('sandbox.jobs');
    expect(matchingTable(source, [table('public', 'other', [])])).toBeNull();
  });

  it('offers every non-key column, ticked only when the target has it', () => {
    expect(defaultFields(source, target, ['job', 'release']).map((f) => [f.source, f.copy])).toEqual([
      ['title', true],
      ['note', false],
    ]);
  });

  it('reads a value map from lines of old => new and ignores other lines', () => {
    expect(parseValueMap('In progress => open\n\nnonsense\n Done=>closed ')).toEqual({
      'In progress': 'open',
      Done: 'closed',
    });
  });

  it('blocks each step with plain words until it is complete', () => {
    const v: CompareValues = initialCompareValues();
    expect(compareStepErrors(0, v)).toEqual({
      'from.url': 'Enter the connection string your hosting provider gave you',
      'to.url': 'Enter the connection string your hosting provider gave you',
    });
    const chosen: CompareValues = {
      ...v,
      sourceTable: 'public.jobs',
      targetTable: 'public.jobs',
      keys: [{ source: 'job', target: '' }],
    };
    expect(compareStepErrors(1, chosen)).toEqual({ 'keys.0': 'Choose the target column that matches "job"' });
    const fields: CompareValues = {
      ...chosen,
      keys: [{ source: 'job', target: 'job_no' }],
      fields: [
        { source: 'title', copy: true, target: 'job_no', transform: 'none', map: '' },
        { source: 'note', copy: true, target: 'title', transform: 'map', map: 'no arrow' },
      ],
    };
    expect(compareStepErrors(2, fields)).toEqual({
      'fields.title': '"job_no" is a key column',
      'fields.note': 'Write the value map as lines of old => new',
    });
    expect(compareStepErrors(2, { ...fields, fields: [] })).toEqual({ fields: 'Choose at least one field to copy' });
  });

  it('turns the form into a compare input the contract accepts', () => {
    const v: CompareValues = {
      from: { ...initialCompareValues().from, url: 'postgresql://u:p@prod/db' },
      to: { ...initialCompareValues().to, url: 'postgresql://u:p@sandbox/db' },
      sourceTable: 'public.jobs',
      targetTable: 'sandbox.jobs',
      keys: [
        { source: 'job', target: 'job_no' },
        { source: 'release', target: 'rel' },
      ],
      fields: [
        { source: 'title', copy: true, target: 'title', transform: 'trim', map: '' },
        { source: 'status', copy: true, target: 'status', transform: 'map', map: 'Done => closed' },
        { source: 'note', copy: false, target: 'note', transform: 'none', map: '' },
      ],
    };
    const spec = compareSpec.parse(toSpec(v));
    expect(spec.target).toEqual({ schema: 'sandbox', name: 'jobs' });
    expect(spec.fields).toEqual([
      { source: 'title', target: 'title', transform: { kind: 'trim' } },
      { source: 'status', target: 'status', transform: { kind: 'map', map: { Done: 'closed' } } },
    ]);
  });

  it('refuses a key column that is also copied, and the same target twice', () => {
    const base = compareSpec.parse(
      toSpec({
        ...initialCompareValues(),
        from: { ...initialCompareValues().from, url: 'postgresql://a/b' },
        to: { ...initialCompareValues().to, url: 'postgresql://a/c' },
        sourceTable: 'public.t',
        targetTable: 'public.t',
        keys: [{ source: 'k', target: 'k' }],
        fields: [{ source: 'x', copy: true, target: 'x', transform: 'none', map: '' }],
      }),
    );
    const bad = compareSpec.safeParse({
      ...base,
      fields: [
        { source: 'k', target: 'k' },
        { source: 'x', target: 'y' },
        { source: 'z', target: 'y' },
      ],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      '"k" is a key column; it cannot also be copied',
      '"y" is chosen twice',
    ]);
  });
});

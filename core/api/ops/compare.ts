import { z } from 'zod';
import { op } from '../define.js';
import { connectionInput } from './connection-input.js';
import type { CompareTables, ComparePlan, CopyResult } from '../../compare/types.js';

// Operations of the compare domain: copy chosen fields between two databases for rows matched by a key.
const name = z.string().trim().min(1, 'Enter a name').max(63, 'PostgreSQL names are at most 63 characters long');

const tableRef = z.object({ schema: name.default('public'), name }).strict();

export const fieldTransform = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['trim', 'upper', 'lower', 'number', 'date']) }).strict(),
  z
    .object({
      kind: z.literal('map'),
      /** Source value → value written; values not listed pass unchanged. */
      map: z
        .record(z.string().max(1000), z.string().max(1000))
        .refine((m) => Object.keys(m).length <= 500, 'A value map holds at most 500 values'),
    })
    .strict(),
]);

export const compareSpec = z
  .object({
    from: connectionInput,
    to: connectionInput,
    source: tableRef,
    target: tableRef,
    /** Source key column → target key column: one or several, matched together. */
    keys: z
      .array(z.object({ source: name, target: name }).strict())
      .min(1, 'Choose at least one key column')
      .max(8, 'At most 8 key columns'),
    fields: z
      .array(z.object({ source: name, target: name, transform: fieldTransform.optional() }).strict())
      .min(1, 'Choose at least one field to copy')
      .max(200),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const keyTargets = new Set(spec.keys.map((k) => k.target));
    const seen = new Set<string>();
    spec.fields.forEach((f, i) => {
      if (keyTargets.has(f.target)) {
        ctx.addIssue({
          code: 'custom',
          path: ['fields', i],
          message: `"${f.target}" is a key column; it cannot also be copied`,
        });
      }
      if (seen.has(f.target)) {
        ctx.addIssue({ code: 'custom', path: ['fields', i], message: `"${f.target}" is chosen twice` });
      }
      seen.add(f.target);
    });
  });

export type CompareSpec = z.output<typeof compareSpec>;
export type FieldTransform = z.output<typeof fieldTransform>;

const counts = z
  .object({
    matched: z.number().int().min(0),
    notFound: z.number().int().min(0),
    notInSource: z.number().int().min(0),
    update: z.number().int().min(0),
  })
  .strict();

export const compareOps = {
  'compare/tables': op<CompareTables>()({
    input: z.object({ connection: connectionInput }).strict(),
    summary: 'The tables of a database and their columns, to choose what to compare',
  }),
  'compare/plan': op<ComparePlan>()({
    input: compareSpec,
    summary: 'Dry run of a copy between two databases: matched, not found, changes old → new; writes nothing',
    long: true,
  }),
  'compare/apply': op<CopyResult>()({
    input: z.object({ spec: compareSpec, expect: counts }).strict(),
    summary: 'Copy the fields in one transaction when the counts still equal the dry run, recorded as a run',
    long: true,
  }),
};

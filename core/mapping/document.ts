import { z } from 'zod';

/**
 * The mapping document: versioned JSON saved with the workspace. Node-free (the UI validates it
 * too). A field's `column` is the target column; `source` are the export's header names.
 */
export const MAPPING_VERSION = 1;

/** PostgreSQL identifiers are at most 63 bytes; Ferry quotes them everywhere, so any text is allowed. */
const identifier = z
  .string()
  .min(1, 'A name cannot be empty')
  .max(63, 'Names can be at most 63 characters')
  .refine((s) => !s.includes('\u0000'), 'Names cannot contain a NUL character');

export const fieldTypes = [
  'text',
  'integer',
  'decimal',
  'money',
  'percent',
  'boolean',
  'date',
  'datetime',
  'url',
  'list',
  'attachments',
] as const;
export type FieldType = (typeof fieldTypes)[number];

export const allowedValue = z.object({
  value: z.string(),
  synonyms: z.array(z.string()).default([]),
});

export const fieldSpec = z
  .object({
    column: identifier,
    /** Header(s) in the export; the first one present and non-empty gives the value. */
    source: z.array(z.string()).min(1, 'Choose at least one source column'),
    type: z.enum(fieldTypes),
    required: z.boolean().default(false),
    /** Used when the cell is empty, counted in the report. */
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** Allowed values with synonyms (case and spacing are ignored when matching). */
    allowed: z.array(allowedValue).optional(),
    /** Applied in order before typing: `trim`, `collapse-spaces`, `lower`, `upper`, `title`. */
    transforms: z.array(z.enum(['trim', 'collapse-spaces', 'lower', 'upper', 'title'])).default([]),
    /** Dates only: `9/10/2025` means 9 October when true. Undefined means decide from the data. */
    dayFirst: z.boolean().optional(),
    /** Numbers only: `1,250` means 1.25 when the base writes decimals with a comma. */
    decimalComma: z.boolean().optional(),
  })
  .strict();

export const linkSpec = z
  .object({
    /** The foreign-key column in this table, e.g. `print_id`. */
    column: identifier,
    /** The export column holding display names of the linked records. */
    source: z.string(),
    /** Target table linked to. */
    table: identifier,
    /** Column of the linked table whose values the names are matched against; defaults to its single key. */
    match: identifier.optional(),
    /** What happens to a row whose link names no record, or several: wait, keep it without the link, or refuse it. */
    onUnresolved: z.enum(['pending', 'null', 'reject']).default('pending'),
    required: z.boolean().default(false),
  })
  .strict();

export const duplicatePolicy = z
  .object({
    keep: z.enum(['first', 'last', 'prefer']).default('first'),
    /** For `prefer`: keep the row where this column has this value (e.g. sold = true), then the first. */
    prefer: z.object({ column: identifier, value: z.union([z.string(), z.number(), z.boolean()]) }).optional(),
  })
  .strict();

export const tableSpec = z
  .object({
    name: identifier,
    /** Source table (the export file's table name, e.g. `Editions` from `Editions-All Records.csv`). */
    source: z.string(),
    /** Target columns (fields or links) that identify a row; a link in the key uses the linked name. */
    key: z.array(identifier).min(1, 'Choose the field (or fields) that identify a row'),
    fields: z.array(fieldSpec),
    links: z.array(linkSpec).default([]),
    duplicates: duplicatePolicy.default({ keep: 'first' }),
    /** In `merge` mode: what happens to rows missing from the export. */
    onMissing: z.enum(['keep', 'retire']).default('keep'),
    /** Keep unmapped export columns in the `extra` JSON column. */
    keepExtra: z.boolean().default(true),
  })
  .strict();

export const mappingDocument = z
  .object({
    version: z.literal(MAPPING_VERSION),
    name: z.string().max(200).optional(),
    template: z.string().max(100).optional(),
    /** Target schema; tables are created there. */
    schema: identifier.default('public'),
    tables: z.array(tableSpec).min(1, 'The mapping needs at least one table'),
  })
  .strict();

export type MappingDocument = z.output<typeof mappingDocument>;
export type MappingInput = z.input<typeof mappingDocument>;
export type TableSpec = z.output<typeof tableSpec>;
export type FieldSpec = z.output<typeof fieldSpec>;
export type LinkSpec = z.output<typeof linkSpec>;

import { z } from 'zod';
import { op } from '../define.js';
import { connectionInput } from './connection-input.js';
import { mappingDocument } from '../../mapping/document.js';
import type { MappingCheckResult, MappingSuggestion, TemplateInfo } from '../../mapping/types.js';
import type { ApplyResult, FirstLoadOutcome, PlanRowsResult, PlanSummary } from '../../plan/types.js';

// Operations of the sync domain. Result types come from type-only files (no Node types: the renderer reads this file).
const fileIds = z.array(z.string().min(1).max(200)).min(1, 'Choose at least one export file').max(200);
const mode = z.enum(['incremental', 'full', 'merge']);
/** Export files, their mapping and where they go: what a dry run and a first load both take. */
const syncFiles = z
  .object({
    target: connectionInput,
    files: fileIds,
    mapping: mappingDocument,
    mode: mode.default('incremental'),
    workspaceId: z.string().max(200).optional(),
  })
  .strict();

export const syncOps = {
  'templates/list': op<{ templates: TemplateInfo[] }>()({
    input: z.object({}).strict(),
    summary: 'The ready mappings Ferry knows (art editions, one table per file)',
  }),
  'mapping/suggest': op<MappingSuggestion>()({
    input: z.object({ files: fileIds, template: z.enum(['art-editions', 'generic']) }).strict(),
    summary: 'Propose a mapping for these export files, with a score and a reason for every field',
    long: true,
  }),
  'mapping/validate': op<MappingCheckResult>()({
    input: z.object({ mapping: z.unknown() }).strict(),
    summary: 'Check a mapping document and say in plain words what is wrong with it',
  }),
  'sync/plan': op<PlanSummary>()({
    input: syncFiles,
    summary: 'Dry run: what a sync would insert, change (field by field), retire or hold back; writes nothing',
    long: true,
  }),
  'sync/first-load': op<FirstLoadOutcome>()({
    input: syncFiles,
    summary:
      'A first sync into a database that has none of the tables yet: read, checked and written in one transaction, and recorded; declines when one exists',
    long: true,
  }),
  'sync/plan-rows': op<PlanRowsResult>()({
    input: z
      .object({
        planId: z.string().min(1).max(100),
        table: z.string().min(1).max(63),
        kind: z.enum(['insert', 'update', 'retire', 'pending', 'conflict']),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    summary: 'Rows of a dry run, a page at a time; changes and conflicts with each field old → new',
  }),
  'sync/apply': op<ApplyResult>()({
    input: z
      .object({
        planId: z.string().min(1).max(100),
        conflictPolicy: z.enum(['keep-postgres', 'take-export', 'stop']).default('stop'),
      })
      .strict(),
    summary: 'Apply a dry run in one transaction (all or nothing) and record it in the history',
    long: true,
  }),
};

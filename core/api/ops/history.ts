import { z } from 'zod';
import { op } from '../define.js';
import type { ProblemRecord } from '../../history/recorder.js';
import type { RestorePreview, RestoreResult, RunDetail, RunSummary } from '../../history/types.js';
import type { RenderedReport } from '../../report/types.js';
import type { ResyncCheck, ResyncOutcome } from '../../resync/types.js';

const id = z.string().min(1).max(200);

// Operations of the history domain. Result types come from type-only files (no Node types: the renderer reads this file).
export const historyOps = {
  'history/list': op<{ runs: RunSummary[] }>()({
    input: z.object({ workspaceId: id }).strict(),
    summary: 'Every sync and restore of a workspace, newest first',
  }),
  'history/run': op<RunDetail>()({
    input: z.object({ runId: id }).strict(),
    summary: 'One run: its files, counts per table, problems, rule effects and snapshot',
  }),
  'history/problems': op<{ problems: ProblemRecord[]; total: number }>()({
    input: z
      .object({
        runId: id,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    summary: 'A page of the problems a run recorded',
  }),
  'restore/preview': op<RestorePreview>()({
    input: z.object({ workspaceId: id, runId: id }).strict(),
    summary: 'What putting the database back to before a run would change, and which rows were edited since',
    long: true,
  }),
  'restore/apply': op<RestoreResult>()({
    input: z.object({ workspaceId: id, runId: id, conflicts: z.enum(['skip', 'overwrite']) }).strict(),
    summary: 'Put the database back as it was before a run (itself a run, so it can be undone)',
    long: true,
  }),
  'resync/check': op<ResyncCheck>()({
    input: z
      .object({
        workspaceId: id,
        /** Left out: look again in the folder the last export came from. */
        files: z.array(id).min(1, 'Choose the new export files or their folder').max(500).optional(),
      })
      .strict(),
    summary: 'Find the newest file for each table of the saved export set and say whether anything is new',
  }),
  'resync/run': op<ResyncOutcome>()({
    input: z
      .object({
        workspaceId: id,
        /** Left out: look again in the folder the last export came from. */
        files: z.array(id).min(1, 'Choose the new export files or their folder').max(500).optional(),
      })
      .strict(),
    summary: 'Re-sync in one step: skip when nothing is new, else plan with the saved mapping and apply when safe',
    long: true,
  }),
  'report/render': op<RenderedReport>()({
    input: z
      .object({ runId: id.optional(), planId: id.optional(), format: z.enum(['html', 'csv']) })
      .strict()
      .refine((v) => (v.runId === undefined) !== (v.planId === undefined), 'Give either a run or a plan'),
    summary: 'The import report of a run or a plan, as a page to read and print (HTML) or a spreadsheet (CSV)',
  }),
};

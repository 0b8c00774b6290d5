import { z } from 'zod';
import { op } from '../define.js';
import type { CutoverStatus, DriftReport, MoveResult, ReconciliationReport } from '../../cutover/types.js';

const id = z.string().min(1).max(200);

// Operations of the cutover domain. Result types come from type-only files (no Node types: the renderer reads this file).
export const cutoverOps = {
  'cutover/status': op<CutoverStatus>()({
    input: z.object({ workspaceId: id }).strict(),
    summary: 'Where a workspace stands in the cutover: its phase, the checklist for the next one, the last drift check',
  }),
  'cutover/drift': op<DriftReport>()({
    input: z
      .object({
        workspaceId: id,
        /** Export files or their folder; without them, the export set of the last sync. */
        files: z.array(id).max(500).optional(),
      })
      .strict(),
    summary:
      'Compare an export with PostgreSQL without writing: rows only in the export, only in PostgreSQL, and fields that differ',
    long: true,
  }),
  'cutover/reconciliation': op<ReconciliationReport>()({
    input: z.object({ workspaceId: id }).strict(),
    summary:
      'Save the reconciliation report: row counts and a checksum of every column of every table, from PostgreSQL',
    long: true,
  }),
  'cutover/move': op<MoveResult>()({
    input: z
      .object({
        workspaceId: id,
        to: z.enum(['parallel', 'postgres-primary', 'postgres-only']),
        /** The owner confirms that Airtable edits have stopped and the export checked is the final one. */
        confirmFinalExport: z.boolean().optional(),
      })
      .strict(),
    summary:
      'Move to the next phase when its checklist passes (checked afresh), or back a phase; recorded in the history',
    long: true,
  }),
};

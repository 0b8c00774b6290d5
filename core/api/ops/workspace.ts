import { z } from 'zod';
import { op } from '../define.js';
import type { Workspace } from '../../history/types.js';
import { connectionInput } from './connection-input.js';

const id = z.string().min(1).max(200);

// Operations of the workspace domain. Result types come from type-only files (no Node types: the renderer reads this file).
export const workspaceOps = {
  'workspace/list': op<{ workspaces: Workspace[] }>()({
    input: z.object({}).strict(),
    summary: 'Every migration project Ferry knows, most recently changed first',
  }),
  'workspace/get': op<Workspace>()({
    input: z.object({ id }).strict(),
    summary: 'One workspace: its target, export set, mapping and phase',
  }),
  'workspace/create': op<Workspace>()({
    input: z
      .object({
        name: z.string().trim().min(1, 'Give the workspace a name').max(200),
        target: connectionInput,
      })
      .strict(),
    summary: 'Start a migration project; a password goes to secure storage, never into the history file',
  }),
  'workspace/update': op<Workspace>()({
    input: z
      .object({
        id,
        name: z.string().trim().min(1, 'Give the workspace a name').max(200).optional(),
        target: connectionInput.optional(),
        /** The mapping document; checked against its schema before it is saved. */
        mapping: z.unknown().optional(),
        /** File ids of the export set: Ferry takes their fingerprints now, to spot a new export later. */
        files: z.array(id).max(500).optional(),
        /** Folder id where new exports appear, or null to forget it. */
        exportFolder: id.nullable().optional(),
        // No phase here: a phase changes only through `cutover/move`, which checks the gates and records the move.
      })
      .strict(),
    summary: 'Change a workspace: name, target, mapping, export set or export folder',
  }),
  'workspace/delete': op<{ deleted: true }>()({
    input: z.object({ id }).strict(),
    summary: 'Remove a workspace and its history from Ferry (the PostgreSQL data is not touched)',
  }),
};

import { z } from 'zod';
import { op } from '../define.js';
import type { InspectReport } from '../../source/inspect-types.js';

export type { InspectReport, InspectTable, InspectColumn } from '../../source/inspect-types.js';

// Operations of the source domain. Result types come from type-only files (no Node types: the renderer reads this file).
export const sourceOps = {
  'source/inspect': op<InspectReport>()({
    input: z
      .object({ files: z.array(z.string().min(1)).min(1, 'Choose at least one export file or folder.') })
      .strict(),
    summary: 'Read export files and show their tables, column types, links between tables and problems',
    long: true,
  }),
};

import { z } from 'zod';
import { op } from '../define.js';
import type { AskAnswer, AskStatus, CsvExport, QueryRows, ReaderRoleResult } from '../../ask/types.js';

const workspaceId = z.string().min(1).max(200);
const sql = z
  .string()
  .trim()
  .min(1, 'Write a query first')
  .max(20_000, 'The query is too long (over 20,000 characters)');
const timeoutSeconds = z.number().int().min(1).max(300).default(30);

// Operations of "Ask your data". Result types come from a type-only file (the renderer reads this file).
export const askOps = {
  'ask/status': op<AskStatus>()({
    input: z.object({ workspaceId: workspaceId.optional() }).strict(),
    summary: 'Whether an API key is saved, the model name, and (for a workspace) whether the read-only role is ready',
  }),
  'ask/save-key': op<AskStatus>()({
    input: z
      .object({ apiKey: z.string().trim().min(1, 'Paste the API key').max(500, 'That is too long for an API key') })
      .strict(),
    summary: 'Keep the API key for Ask your data in secure storage (it is never shown again)',
  }),
  'ask/remove-key': op<AskStatus>()({
    input: z.object({}).strict(),
    summary: 'Forget the API key for Ask your data',
  }),
  'ask/save-model': op<AskStatus>()({
    input: z
      .object({
        model: z
          .string()
          .trim()
          .min(1, 'Enter a model name')
          .max(100)
          .regex(/^[A-Za-z0-9._:@/-]+$/, 'A model name has only letters, digits and . _ : @ / -'),
      })
      .strict(),
    summary: 'Choose the model that turns questions into queries',
  }),
  'ask/question': op<AskAnswer>()({
    input: z
      .object({
        workspaceId,
        question: z.string().trim().min(3, 'Type a question').max(2000, 'Keep the question under 2,000 characters'),
      })
      .strict(),
    summary: 'Turn a question in plain words into one read-only query over the workspace database (not run yet)',
    long: true,
  }),
  'ask/run': op<QueryRows>()({
    input: z
      .object({ workspaceId, sql, limit: z.number().int().min(1).max(1000).default(200), timeoutSeconds })
      .strict(),
    summary: 'Run one SELECT read-only (refused if it could change anything), with a time limit and a row limit',
    long: true,
  }),
  'ask/export-csv': op<CsvExport>()({
    input: z
      .object({ workspaceId, sql, limit: z.number().int().min(1).max(100_000).default(10_000), timeoutSeconds })
      .strict(),
    summary: 'Run the query read-only again and return its rows as a spreadsheet-safe CSV',
    long: true,
  }),
  'ask/create-reader-role': op<ReaderRoleResult>()({
    input: z.object({ workspaceId }).strict(),
    summary: 'Create a PostgreSQL role that can only read, for Ask to run queries as',
  }),
};

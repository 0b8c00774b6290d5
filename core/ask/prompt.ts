import { FerryError } from '../api/errors.js';

/** The instructions and the schema go in the system prompt; the question is the user's turn. */
export function systemPrompt(schemaText: string): string {
  return [
    "You turn a small-business owner's question into ONE PostgreSQL query that only reads data.",
    'Rules:',
    '- Answer with exactly one SELECT query (WITH … SELECT is fine) in a ```sql code block, then at most two short sentences, in plain words, saying what the result shows.',
    '- Never write INSERT, UPDATE, DELETE, MERGE, DDL, SELECT … INTO, FOR UPDATE, COPY or several statements: they will be refused.',
    '- Use only the tables and columns listed below; quote names the way they are shown.',
    '- On tables with an is_active column, count only rows where is_active unless the question asks about retired records.',
    '- Give result columns short readable names. Do not add a LIMIT unless the question asks for a number of rows; Ferry limits what it shows.',
    '- If these tables cannot answer the question, write no code block; say in one sentence what is missing.',
    '',
    'The database:',
    schemaText,
  ].join('\n');
}

export interface ExtractedQuery {
  sql: string;
  /** The model's words around the query. */
  note: string;
}

/** The query from the model's answer: a ```sql block, any ``` block, or an answer that is only SQL. */
export function extractQuery(answer: string): ExtractedQuery {
  const fenced = /```[ \t]*(?:sql|postgresql|pgsql)?[ \t]*\r?\n([\s\S]*?)```/i.exec(answer);
  if (fenced) {
    const note = (answer.slice(0, fenced.index) + answer.slice(fenced.index + fenced[0].length)).trim();
    return { sql: fenced[1]!.trim(), note: note.slice(0, 600) };
  }
  const bare = answer.trim();
  if (/^(select|with)\b/i.test(bare)) return { sql: bare, note: '' };
  throw new FerryError(
    'ask-no-query',
    `The answer held no query${bare ? `. It said: "${bare.slice(0, 400)}"` : ''}. Try asking in other words, naming the table you mean.`,
  );
}

import { artEditions } from './art-editions.js';
import type { Template } from './template.js';

export const templates: Template[] = [
  artEditions,
  {
    id: 'generic',
    title: 'One table per file',
    description: 'Each file becomes a table; column types come from the data and links from matching names.',
    tables: [],
  },
];

export function findTemplate(id: string): Template | undefined {
  return templates.find((t) => t.id === id);
}

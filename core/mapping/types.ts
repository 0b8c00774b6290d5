/** Results of the mapping operations. Node-free. */
import type { MappingDocument } from './document.js';
import type { MappingIssue } from './validate.js';

export type { MappingSuggestion, FieldSuggestion } from './suggest.js';

export interface TemplateInfo {
  id: 'art-editions' | 'generic';
  title: string;
  description: string;
  /** Target tables the template makes (empty for `generic`: one per file). */
  tables: string[];
}

export interface MappingCheckResult {
  ok: boolean;
  issues: MappingIssue[];
  /** The mapping with defaults filled in, when it is valid. */
  mapping?: MappingDocument;
  /** Tables in the order they are written: parents first. */
  order?: string[];
}

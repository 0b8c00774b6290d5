import type { FieldType } from '../document.js';

/** A ready mapping for a known shape, before it meets real headers. Node-free. */
export interface TemplateField {
  column: string;
  type: FieldType;
  /** Header names this field usually has in an export; the first is the canonical one. */
  aliases: string[];
  required?: boolean;
  allowed?: { value: string; synonyms: string[] }[];
  transforms?: ('trim' | 'collapse-spaces' | 'lower' | 'upper' | 'title')[];
}

export interface TemplateLink {
  column: string;
  table: string;
  aliases: string[];
  onUnresolved?: 'pending' | 'null' | 'reject';
}

export interface TemplateTable {
  name: string;
  /** Source table names (from `<Table>-<View>.csv`) this table usually comes from. */
  sources: string[];
  key: string[];
  fields: TemplateField[];
  links?: TemplateLink[];
  duplicates?: { keep: 'first' | 'last' | 'prefer'; prefer?: { column: string; value: string | number | boolean } };
}

export interface Template {
  id: 'art-editions' | 'generic';
  title: string;
  description: string;
  tables: TemplateTable[];
}

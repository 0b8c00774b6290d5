import type { FieldType } from '../mapping/document.js';

/** The PostgreSQL type each mapping field type is stored as. */
export function pgTypeFor(type: FieldType): string {
  switch (type) {
    case 'integer':
      return 'bigint';
    case 'decimal':
    case 'money':
    case 'percent':
      return 'numeric';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    case 'list':
      return 'text[]';
    case 'attachments':
      return 'jsonb';
    case 'text':
    case 'url':
      return 'text';
  }
}

/** One business column of a managed table as the SQL builders see it. */
export interface BusinessColumn {
  name: string;
  /** PostgreSQL type, e.g. `numeric`, `bigint` for link columns. */
  pgType: string;
}

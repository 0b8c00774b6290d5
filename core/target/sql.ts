/** SQL text helpers: every identifier that came from a user or a file goes through `ident`. */

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function qualified(schema: string, table: string): string {
  return `${ident(schema)}.${ident(table)}`;
}

export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

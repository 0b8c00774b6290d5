import { z } from 'zod';

/**
 * A PostgreSQL target as the UI and the CLI describe it: the database on this computer,
 * a connection string, or separate fields. Validated here, resolved to a pg config in core/target.
 */
export const connectionInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local') }).strict(),
  z
    .object({
      kind: z.literal('url'),
      url: z.string().min(1, 'Enter a connection string').max(2048),
      ssl: z.enum(['disable', 'prefer', 'require', 'verify-full']).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('fields'),
      host: z.string().min(1, 'Enter the server name').max(255),
      port: z.number().int().min(1).max(65535).default(5432),
      database: z.string().min(1, 'Enter the database name').max(63),
      user: z.string().min(1, 'Enter the user name').max(63),
      password: z.string().max(1024).optional(),
      /** A keychain reference instead of a password typed now. */
      secretRef: z.string().max(200).optional(),
      ssl: z.enum(['disable', 'prefer', 'require', 'verify-full']).default('prefer'),
    })
    .strict(),
]);

export type ConnectionInput = z.input<typeof connectionInput>;
export type Connection = z.output<typeof connectionInput>;

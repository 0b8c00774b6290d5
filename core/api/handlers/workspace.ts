import { randomUUID } from 'node:crypto';
import { FerryError } from '../errors.js';
import type { DomainHandlers } from '../handler-types.js';
import { mappingDocument } from '../../mapping/document.js';
import type { workspaceOps } from '../ops/workspace.js';
import type { Connection } from '../ops/connection-input.js';
import type { FerryEnv } from '../../env/env.js';
import { withHistory } from '../../history/open.js';
import { splitSecret } from '../../history/target-key.js';
import type { StoredTarget } from '../../history/types.js';
import { fingerprintFile } from '../../resync/fingerprint.js';

/** The target without its password; the password (if any) goes to the secret store under a fresh reference. */
async function keepSecretApart(conn: Connection, env: FerryEnv, previousRef?: string): Promise<StoredTarget> {
  const { target, password } = splitSecret(conn);
  if (!password) {
    // A target whose password was not retyped keeps the one already stored, if it points at the same kind.
    return previousRef && target.kind !== 'local' ? { ...target, secretRef: previousRef } : target;
  }
  const secretRef = previousRef ?? `ferry-target-${randomUUID()}`;
  await env.secrets.set(secretRef, password);
  return { ...target, secretRef };
}

export const workspaceHandlers: DomainHandlers<typeof workspaceOps> = {
  'workspace/list': (_input, ctx) => withHistory(ctx.env, (store) => ({ workspaces: store.listWorkspaces() })),
  'workspace/get': (input, ctx) => withHistory(ctx.env, (store) => store.workspace(input.id)),
  'workspace/create': async (input, ctx) => {
    const target = await keepSecretApart(input.target, ctx.env);
    return withHistory(ctx.env, (store) => store.createWorkspace({ name: input.name, target }));
  },
  'workspace/update': async (input, ctx) => {
    const current = await withHistory(ctx.env, (store) => store.workspace(input.id));
    if (input.mapping !== undefined && input.mapping !== null) {
      const parsed = mappingDocument.safeParse(input.mapping);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: `mapping.${i.path.join('.')}`, message: i.message }));
        throw new FerryError(
          'invalid-input',
          `The mapping is not complete: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
          issues,
        );
      }
    }
    const target = input.target ? await keepSecretApart(input.target, ctx.env, current.target.secretRef) : undefined;
    const files = input.files
      ? await Promise.all(input.files.map((f) => fingerprintFile(ctx.env.files.resolve(f), ctx.signal)))
      : undefined;
    const exportFolder =
      input.exportFolder === undefined
        ? undefined
        : input.exportFolder === null
          ? null
          : ctx.env.files.resolve(input.exportFolder);
    return withHistory(ctx.env, (store) =>
      store.updateWorkspace(input.id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(target ? { target } : {}),
        ...(input.mapping !== undefined ? { mapping: input.mapping } : {}),
        ...(files ? { files } : {}),
        ...(exportFolder !== undefined ? { exportFolder } : {}),
      }),
    );
  },
  'workspace/delete': async (input, ctx) => {
    const ws = await withHistory(ctx.env, (store) => {
      const found = store.workspace(input.id);
      store.deleteWorkspace(input.id);
      return found;
    });
    if (ws.target.secretRef) await ctx.env.secrets.delete(ws.target.secretRef);
    return { deleted: true as const };
  },
};

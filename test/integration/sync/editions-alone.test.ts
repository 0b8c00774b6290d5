import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEnv, packageRoot } from '../../../core/env/env.js';
import { planFiles, suggestForFiles } from '../../../core/sync/run-sync.js';
import { freshDatabase } from '../../support/databases.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-editions-alone-'));
const env = createEnv({ home });
afterAll(async () => {
  await env.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('an export of the editions file alone', () => {
  it('still tells editions of different prints apart: only the real duplicate is set aside', async () => {
    const url = await freshDatabase('editions-alone');
    const sample = path.join(packageRoot(), 'resources', 'sample-export');
    const folder = fs.mkdtempSync(path.join(home, 'export-'));
    fs.copyFileSync(path.join(sample, 'Editions-All Records.csv'), path.join(folder, 'Editions-All Records.csv'));
    const paths = [path.join(folder, 'Editions-All Records.csv')];
    const work = { signal: new AbortController().signal, progress: () => {} };
    const { mapping } = await suggestForFiles(paths, 'art-editions', work);
    const session = await planFiles(env, {
      target: { kind: 'url', url },
      paths,
      mapping,
      mode: 'incremental',
      ...work,
    });
    try {
      const editions = session.summary.tables.find((t) => t.name === 'editions')!;
      // Ten editions of four prints; one of them twice. Keyed by edition number alone (the link
      // to the missing prints left out), six were taken for duplicates of others.
      expect({ insert: editions.counts.insert, duplicates: editions.duplicates }).toEqual({ insert: 9, duplicates: 1 });
      const dup = session.summary.problems.filter((p) => /has the same key as/.test(p.reason));
      expect(dup).toHaveLength(1);
      expect(dup[0].reason).toMatch(/Kestrel/);
    } finally {
      await session.close();
    }
  });
});

/**
 * Run as a child process by the crash test: plans the large export, records the run as running
 * in the history store, applies, and says on stdout when it reaches the chosen step. The test
 * kills it there with SIGKILL; `hold` waits at the step, `go` carries on so the kill lands inside
 * the next statement.
 */
import { openHistoryStore } from '../../../core/history/store.js';
import { checkMapping } from '../../../core/mapping/validate.js';
import { createPlan } from '../../../core/plan/plan.js';
import { applyPlan } from '../../../core/sync/apply.js';
import { largeExport, largeMapping } from './kill-export.js';

const [url, home, stopAt, how, prints, perPrint] = process.argv.slice(2) as [
  string,
  string,
  string,
  'hold' | 'go',
  string,
  string,
];
const check = checkMapping(largeMapping());
if (!check.ok) throw new Error('mapping');
const session = await createPlan({
  config: { connectionString: url },
  mapping: check.mapping,
  order: check.order,
  sources: largeExport(Number(prints), Number(perPrint), 2),
  files: [],
  mode: 'full',
  target: 'crash test',
  signal: new AbortController().signal,
  progress: () => {},
});
const store = openHistoryStore(home);
const ws = store.workspaceForTarget({ kind: 'url', url });
const runId = await store.begin({ workspaceId: ws.id, kind: 'sync', mode: 'full', dryRun: false, files: [] });
process.stdout.write(`run ${runId}\n`);
await applyPlan(session, {
  runId,
  workspaceId: ws.id,
  conflictPolicy: 'stop',
  signal: new AbortController().signal,
  progress: () => {},
  beforeStep: async (step) => {
    if (step !== stopAt) return;
    process.stdout.write(`at ${step}\n`);
    if (how === 'hold') await new Promise(() => {});
  },
});
process.stdout.write('finished\n');

/** The three phases of a cutover, in order, with what each means. Node-free: the screen shows these. */
import type { Phase, PhaseInfo } from './types.js';

export const PHASES: PhaseInfo[] = [
  {
    phase: 'parallel',
    title: 'Parallel running',
    short: 'Airtable is the truth; re-sync each export',
    meaning: 'Airtable is the truth. Keep working there and re-sync each new export into PostgreSQL.',
  },
  {
    phase: 'postgres-primary',
    title: 'PostgreSQL primary',
    short: 'Apps use PostgreSQL; its edits are protected',
    meaning:
      'Your apps read and edit PostgreSQL. Re-syncs from Airtable still work for the transition, but edits made in PostgreSQL are protected: an export never overwrites them.',
  },
  {
    phase: 'postgres-only',
    title: 'PostgreSQL only',
    short: 'Airtable archived; re-sync off',
    meaning:
      'Airtable is a read-only archive. Re-sync is switched off and the final export’s fingerprints are kept with the history.',
  },
];

export function phaseIndex(phase: Phase): number {
  return PHASES.findIndex((p) => p.phase === phase);
}

export function nextPhase(phase: Phase): Phase | undefined {
  return PHASES[phaseIndex(phase) + 1]?.phase;
}

export function previousPhase(phase: Phase): Phase | undefined {
  const i = phaseIndex(phase);
  return i > 0 ? PHASES[i - 1]!.phase : undefined;
}

export function phaseTitle(phase: Phase): string {
  return PHASES.find((p) => p.phase === phase)?.title ?? phase;
}

import { Stepper } from '@mantine/core';
import type { Phase, PhaseInfo } from '../../../../core/cutover/types';

/** The three phases as a path, with the workspace's place on it. */
export function PhasePath({ phases, phase }: { phases: PhaseInfo[]; phase: Phase }) {
  const at = phases.findIndex((p) => p.phase === phase);
  return (
    <Stepper active={at} aria-label="Cutover phases" data-testid="phase-path" allowNextStepsSelect={false}>
      {phases.map((p, i) => (
        <Stepper.Step
          key={p.phase}
          label={p.title}
          description={i === at ? `You are here. ${p.short}` : p.short}
          aria-current={i === at ? 'step' : undefined}
          data-phase={p.phase}
          data-current={i === at ? 'true' : undefined}
          // Completed steps stay as steps; nothing here is clickable.
          allowStepSelect={false}
        />
      ))}
    </Stepper>
  );
}

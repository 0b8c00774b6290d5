import type { MappingInput } from '../../../../core/mapping/document';
import type { PickedFiles } from '../../components/FilePicker/picked-files';
import { emptyTarget, targetErrors, type TargetDraft } from '../../lib/connection';

/** Everything the wizard collects: one form across all steps. */
export interface WizardValues {
  name: string;
  target: TargetDraft;
  files: PickedFiles;
  template: string;
  mapping: MappingInput | null;
}

export const STEPS = [
  { label: 'Where it goes', description: 'Your PostgreSQL database' },
  { label: 'Your export', description: 'The files from Airtable' },
  { label: 'Template', description: 'What the tables look like' },
  { label: 'Match columns', description: 'Columns to fields' },
  { label: 'Check', description: 'A dry run, nothing written' },
  { label: 'Apply', description: 'Write it' },
] as const;

export const initialValues = (): WizardValues => ({
  name: '',
  target: emptyTarget(),
  files: { files: [] },
  template: '',
  mapping: null,
});

/** What the engine has said so far, which some steps need before "Next" is allowed. */
export interface StepEvidence {
  /** The export was read and at least one table recognised. */
  inspected: boolean;
  /** Messages from validating the mapping; empty when it is valid. */
  mappingIssues: string[];
  /** A dry run exists for the current mapping and files. */
  planned: boolean;
}

/** Errors that keep the owner on a step, keyed as the form keys its fields. */
export function stepErrors(step: number, v: WizardValues, evidence: StepEvidence): Record<string, string> {
  const errors: Record<string, string> = {};
  switch (step) {
    case 0:
      if (!v.name.trim()) errors.name = 'Give this migration a name, e.g. "Gallery inventory"';
      Object.assign(errors, targetErrors(v.target));
      break;
    case 1:
      if (!v.files.files.length && !v.files.folder) errors.files = 'Drop your export files or choose them first';
      else if (!evidence.inspected) errors.files = 'Ferry has not finished reading your files yet';
      break;
    case 2:
      if (!v.template) errors.template = 'Choose a template, or let Ferry propose the tables';
      break;
    case 3:
      if (!v.mapping) errors.mapping = 'Ferry has not proposed a mapping yet';
      else if (evidence.mappingIssues.length) errors.mapping = evidence.mappingIssues.join(' ');
      break;
    case 4:
      if (!evidence.planned) errors.plan = 'Run the check first';
      break;
  }
  return errors;
}

/** The step to resume on, from what the saved workspace already has. */
export function resumeStep(saved: { mapping: unknown; hasFiles: boolean }): number {
  if (!saved.hasFiles) return 1;
  return saved.mapping ? 3 : 2;
}

/** The list of file ids to hand to the engine: the chosen files, or the folder when only a folder was chosen. */
export function fileIds(files: PickedFiles): string[] {
  if (files.files.length) return files.files.map((f) => f.id);
  return files.folder ? [files.folder.id] : [];
}

import { describe, expect, it } from 'vitest';
import { fileIds, initialValues, resumeStep, stepErrors } from '../../../renderer/src/screens/Wizard/wizard-values';

const noEvidence = { inspected: false, mappingIssues: [], planned: false };
const file = { id: 'f1', name: 'Prints-Grid view.csv', kind: 'file' as const, size: 10 };

describe('the wizard blocks "Next" while a step has errors', () => {
  it('asks for a name on the first step and accepts the local database', () => {
    const v = initialValues();
    expect(stepErrors(0, v, noEvidence)).toHaveProperty('name');
    expect(stepErrors(0, { ...v, name: 'Gallery' }, noEvidence)).toEqual({});
  });

  it('needs files, then needs them read, before leaving the export step', () => {
    const v = initialValues();
    expect(stepErrors(1, v, noEvidence).files).toMatch(/Drop your export/);
    const withFiles = { ...v, files: { files: [file] } };
    expect(stepErrors(1, withFiles, noEvidence).files).toMatch(/not finished reading/);
    expect(stepErrors(1, withFiles, { ...noEvidence, inspected: true })).toEqual({});
  });

  it('keeps the owner on the mapping while the engine reports issues', () => {
    const v = { ...initialValues(), mapping: { version: 1 as const, tables: [] } };
    expect(stepErrors(3, v, { ...noEvidence, mappingIssues: ['Choose a key'] }).mapping).toBe('Choose a key');
    expect(stepErrors(3, v, noEvidence)).toEqual({});
  });

  it('resumes where the saved workspace left off', () => {
    expect(resumeStep({ mapping: null, hasFiles: false })).toBe(1);
    expect(resumeStep({ mapping: {}, hasFiles: true })).toBe(3);
    expect(resumeStep({ mapping: null, hasFiles: true })).toBe(2);
  });

  it('sends the folder when only a folder was chosen', () => {
    expect(fileIds({ files: [file] })).toEqual(['f1']);
    expect(fileIds({ files: [], folder: { ...file, id: 'd1', kind: 'folder' } })).toEqual(['d1']);
    expect(fileIds({ files: [] })).toEqual([]);
  });
});

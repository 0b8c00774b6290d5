import { describe, expect, it } from 'vitest';
import { contract, opNames } from '../../core/api/contract.js';
import { dispatch } from '../../core/api/dispatch.js';
import { scrubSecrets, toPlainError, FerryError } from '../../core/api/errors.js';
import { createEnv } from '../../core/env/env.js';

const ctx = () => ({
  env: createEnv({ home: '/tmp/ferry-unit-home' }),
  carrier: 'cli' as const,
  signal: new AbortController().signal,
});

describe('dispatch', () => {
  it('refuses names outside the contract', async () => {
    const r = await dispatch('fs/readFile', { path: '/etc/passwd' }, ctx());
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-operation' } });
  });

  it('refuses inherited object keys as operation names', async () => {
    const r = await dispatch('constructor', {}, ctx());
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-operation' } });
  });

  it('checks input against the schema before any handler runs', async () => {
    const r = await dispatch('connection/test', { kind: 'fields', host: '', port: 99999 }, ctx());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-input');
      expect(r.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['host', 'port']));
    }
  });

  it('refuses unknown extra fields', async () => {
    const r = await dispatch('app/info', { evil: true }, ctx());
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('answers app/info with the home folder it was given', async () => {
    const r = await dispatch('app/info', {}, ctx());
    expect(r).toMatchObject({ ok: true, value: { name: 'Ferry', home: '/tmp/ferry-unit-home', carrier: 'cli' } });
  });

  it('lists every operation with a schema and a summary', () => {
    expect(opNames.length).toBeGreaterThan(2);
    for (const name of opNames) {
      expect(contract[name].summary.length, name).toBeGreaterThan(10);
      expect(typeof contract[name].input.safeParse).toBe('function');
    }
  });
});

describe('plain errors', () => {
  it('keeps a FerryError as it is', () => {
    expect(toPlainError(new FerryError('wrong-password', 'No.'))).toEqual({ code: 'wrong-password', message: 'No.' });
  });

  it('scrubs passwords out of unexpected errors', () => {
    const plain = toPlainError(new Error('failed for postgresql://bob:hunter2@db:5432/x and password=hunter2'));
    expect(plain.message).not.toContain('hunter2');
    expect(plain.message).not.toMatch(/\n\s+at /);
    expect(scrubSecrets('postgres://a:b@c/d')).toBe('postgres://a:***@c/d');
  });
});

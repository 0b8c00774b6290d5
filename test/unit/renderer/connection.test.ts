import { describe, expect, it } from 'vitest';
import { connectionInput } from '../../../core/api/ops/connection-input';
import {
  connectionToTest,
  emptyTarget,
  fromConnection,
  storedToInput,
  stripPassword,
  targetErrors,
  toConnectionInput,
} from '../../../renderer/src/lib/connection';

describe('connection fields', () => {
  it('turns each kind of draft into an input the contract accepts', () => {
    expect(connectionInput.safeParse(toConnectionInput(emptyTarget())).success).toBe(true);
    const url = { ...emptyTarget(), kind: 'url' as const, url: ' postgresql://u:p@h/db ', ssl: 'require' as const };
    expect(toConnectionInput(url)).toEqual({ kind: 'url', url: 'postgresql://u:p@h/db', ssl: 'require' });
    const fields = {
      ...emptyTarget(),
      kind: 'fields' as const,
      host: 'db.example.com',
      database: 'shop',
      user: 'owner',
      password: 'secret',
    };
    const input = toConnectionInput(fields);
    expect(connectionInput.safeParse(input).success).toBe(true);
    expect(input).toMatchObject({ password: 'secret' });
  });

  it('sends the stored secret reference, never an empty password, when none was typed', () => {
    const draft = fromConnection({
      kind: 'fields',
      host: 'h',
      port: 5433,
      database: 'd',
      user: 'u',
      secretRef: 'ref-1',
    });
    expect(draft.password).toBe('');
    expect(draft.port).toBe(5433);
    expect(toConnectionInput(draft)).toMatchObject({ secretRef: 'ref-1' });
    expect(toConnectionInput(draft)).not.toHaveProperty('password');
  });

  it('never shows a password back from a connection string', () => {
    expect(stripPassword('postgresql://owner:s3cret@db:5432/shop')).toBe('postgresql://owner@db:5432/shop');
    expect(fromConnection({ kind: 'url', url: 'postgres://a:b@h/d' }).url).toBe('postgres://a@h/d');
  });

  it('explains missing fields in plain words', () => {
    const errors = targetErrors({ ...emptyTarget(), kind: 'fields', port: 0 });
    expect(Object.keys(errors).sort()).toEqual(['target.database', 'target.host', 'target.port', 'target.user']);
    expect(targetErrors({ ...emptyTarget(), kind: 'url', url: 'mysql://x' })['target.url']).toMatch(/postgresql:\/\//);
    expect(targetErrors(emptyTarget())).toEqual({});
  });
});

describe('saved targets', () => {
  it('turns a saved connection string into fields that point at the keychain for the password', () => {
    const input = storedToInput({
      kind: 'url',
      url: 'postgresql://owner@db.example.com:6543/shop',
      secretRef: 'r1',
      ssl: 'require',
    });
    expect(input).toEqual({
      kind: 'fields',
      host: 'db.example.com',
      port: 6543,
      database: 'shop',
      user: 'owner',
      secretRef: 'r1',
      ssl: 'require',
    });
    expect(connectionInput.safeParse(input).success).toBe(true);
    expect(storedToInput({ kind: 'local' })).toEqual({ kind: 'local' });
    expect(storedToInput({ kind: 'url', url: 'postgresql://h/d' })).toEqual({ kind: 'url', url: 'postgresql://h/d' });
  });
});

describe('testing a saved connection', () => {
  it('uses the keychain password for a saved connection string, and a typed one when there is one', () => {
    const saved = fromConnection({ kind: 'url', url: 'postgresql://owner@db:5432/shop', secretRef: 'r9' });
    expect(connectionToTest(saved)).toMatchObject({ kind: 'fields', host: 'db', user: 'owner', secretRef: 'r9' });
    const retyped = { ...saved, url: 'postgresql://owner:new@db:5432/shop' };
    expect(connectionToTest(retyped)).toEqual({
      kind: 'url',
      url: 'postgresql://owner:new@db:5432/shop',
      ssl: 'prefer',
    });
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inside, safeSegment, UniqueNames } from '../../../core/attachments/safe-name.js';
import { attachmentSchemes } from '../../../core/attachments/schemes.js';

describe('safeSegment', () => {
  it.each([
    ['../../evil.txt', '_.._evil.txt'],
    ['..', 'attachment'],
    ['/etc/passwd', '_etc_passwd'],
    ['C:\\Windows\\win.ini', 'C__Windows_win.ini'],
    ['con', '_con'],
    ['LPT1.txt', '_LPT1.txt'],
    ['nul.tar.gz', '_nul.tar.gz'],
    ['.hidden', 'hidden'],
    ['trailing dots...', 'trailing dots'],
    ['a\u0000b\nc?.png', 'a_b_c_.png'],
    ['images (1).jpeg', 'images (1).jpeg'],
    ['Harbour, final (v2).png', 'Harbour, final (v2).png'],
    ['', 'attachment'],
  ])('%j → %j', (raw, safe) => {
    expect(safeSegment(raw)).toBe(safe);
  });

  it('shortens long names and keeps the extension', () => {
    const safe = safeSegment(`${'x'.repeat(300)}.jpeg`);
    expect(safe).toBe(`${'x'.repeat(145)}.jpeg`);
    // Counted in bytes, whole characters kept: 3-byte and 4-byte characters (an emoji is a surrogate pair).
    const wide = safeSegment(`${'写真'.repeat(60)}😀😀😀.png`);
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(150);
    expect(wide).toBe(`${'写真'.repeat(24)}.png`);
    const emoji = safeSegment(`${'😀'.repeat(60)}.png`);
    expect(emoji).toBe(`${'😀'.repeat(36)}.png`);
  });
});

describe('UniqueNames', () => {
  it('numbers repeats per folder, ignoring case, and keeps other folders apart', () => {
    const names = new UniqueNames();
    expect(names.claim('a', 'photo.jpg')).toBe('photo.jpg');
    expect(names.claim('a', 'Photo.JPG')).toBe('Photo (2).JPG');
    expect(names.claim('a', 'photo.jpg')).toBe('photo (3).jpg');
    expect(names.claim('b', 'photo.jpg')).toBe('photo.jpg');
    expect(names.claim('a', 'README')).toBe('README');
    expect(names.claim('a', 'README')).toBe('README (2)');
  });
});

describe('inside', () => {
  it('refuses a path that would leave the folder', () => {
    expect(inside('/tmp/out', 'Prints', 'a.png')).toBe(path.resolve('/tmp/out/Prints/a.png'));
    expect(() => inside('/tmp/out', '..', 'evil.txt')).toThrow(/would leave the folder/);
    expect(() => inside('/tmp/out', '/etc/passwd')).toThrow(/would leave the folder/);
  });
});

describe('attachmentSchemes', () => {
  it('is https only unless widened, and never beyond http and https', () => {
    expect(attachmentSchemes({})).toEqual(['https:']);
    expect(attachmentSchemes({ FERRY_ATTACHMENT_SCHEMES: 'https:,http' })).toEqual(['https:', 'http:']);
    expect(attachmentSchemes({ FERRY_ATTACHMENT_SCHEMES: 'file:,ftp,javascript:' })).toEqual(['https:']);
  });
});

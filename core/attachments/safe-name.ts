import path from 'node:path';

/** Device names Windows refuses as file names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Longest segment kept, in UTF-8 bytes: leaves room under the usual 255-byte limit for ` (n)` and the temp suffix. */
const MAX_BYTES = 150;

/**
 * A name from an export made safe as one path segment: no separators, no control or
 * Windows-forbidden characters, no leading dots (hidden files, `..`), no trailing dots or spaces,
 * no reserved device names, not too long. Never empty.
 */
export function safeSegment(raw: string, fallback = 'attachment'): string {
  let name = raw
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (RESERVED.test(name)) name = `_${name}`;
  if (Buffer.byteLength(name) > MAX_BYTES) {
    const ext = path.extname(name).slice(0, 16);
    // Whole characters only: cutting inside a surrogate pair would leave half a character.
    const chars = Array.from(name.slice(0, name.length - path.extname(name).length));
    while (chars.length && Buffer.byteLength(chars.join('') + ext) > MAX_BYTES) chars.pop();
    name = chars.join('').replace(/[.\s]+$/, '') + ext;
  }
  return name || fallback;
}

/**
 * Hands out names unique within each folder, ignoring case (macOS and Windows disks do):
 * the second `photo.jpg` becomes `photo (2).jpg`. Decided from the list, not the disk, so a
 * re-run maps every attachment to the same file as before.
 */
export class UniqueNames {
  private readonly taken = new Map<string, Set<string>>();

  claim(folder: string, name: string): string {
    let used = this.taken.get(folder);
    if (!used) this.taken.set(folder, (used = new Set()));
    const ext = path.extname(name);
    const stem = name.slice(0, name.length - ext.length);
    let candidate = name;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
    used.add(candidate.toLowerCase());
    return candidate;
  }
}

/** The path of `segments` under `root`, refused if it would land anywhere else. */
export function inside(root: string, ...segments: string[]): string {
  const base = path.resolve(root);
  const full = path.resolve(base, ...segments);
  if (!full.startsWith(base + path.sep)) throw new Error(`"${segments.join('/')}" would leave the folder`);
  return full;
}

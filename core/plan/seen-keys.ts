/**
 * The business keys already staged from one export, kept as two 32-bit hashes each in typed
 * arrays. A JavaScript Set of a million key strings cost a first sync ~2 s (its inserts and the
 * garbage collector walking a million live strings); this costs a fraction of that.
 *
 * `add` may answer "seen" for a key it has not seen, when two keys share both hashes (about one
 * in 2^64 per pair): the stager then lists that key as a duplicate candidate, and the SQL ranking,
 * which compares the keys themselves, finds it alone and keeps its row. It never answers "not
 * seen" for a key it has seen.
 */
export class SeenKeys {
  private slots = new Uint32Array(2 << 12);
  private used = new Uint8Array(1 << 12);
  /** The row each key was first recorded with (see addRow). */
  private rows = new Int32Array(1 << 12);
  private count = 0;

  /** Records the key; true when it (probably) was recorded before. */
  add(key: string): boolean {
    return this.addRow(key, 0) >= 0;
  }

  /** Records the key with its row number: the row it was first recorded with, or -1 when it is new. */
  addRow(key: string, row: number): number {
    let a = 0x811c9dc5;
    let b = 0x9e3779b9;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    a >>>= 0;
    b >>>= 0;
    const i = this.slot(a, b);
    if (this.used[i]) return this.rows[i];
    this.put(i, a, b, row);
    if (++this.count * 2 > this.used.length) this.grow();
    return -1;
  }

  /** The slot holding (a, b), or the empty one where it belongs. */
  private slot(a: number, b: number): number {
    const mask = this.used.length - 1;
    for (let i = (a ^ Math.imul(b, 0x27d4eb2d)) & mask; ; i = (i + 1) & mask) {
      if (!this.used[i] || (this.slots[2 * i] === a && this.slots[2 * i + 1] === b)) return i;
    }
  }

  private put(i: number, a: number, b: number, row: number): void {
    this.used[i] = 1;
    this.slots[2 * i] = a;
    this.slots[2 * i + 1] = b;
    this.rows[i] = row;
  }

  private grow(): void {
    const { slots, used, rows } = this;
    this.slots = new Uint32Array(slots.length * 2);
    this.used = new Uint8Array(used.length * 2);
    this.rows = new Int32Array(rows.length * 2);
    for (let i = 0; i < used.length; i++)
      if (used[i]) this.put(this.slot(slots[2 * i], slots[2 * i + 1]), slots[2 * i], slots[2 * i + 1], rows[i]);
  }
}

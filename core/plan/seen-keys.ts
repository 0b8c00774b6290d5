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
  private count = 0;

  /** Records the key; true when it (probably) was recorded before. */
  add(key: string): boolean {
    let a = 0x811c9dc5;
    let b = 0x9e3779b9;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    a >>>= 0;
    b >>>= 0;
    if (this.insert(a, b)) return true;
    if (++this.count * 2 > this.used.length) this.grow();
    return false;
  }

  /** True when (a, b) was already there; otherwise stores it. */
  private insert(a: number, b: number): boolean {
    const mask = this.used.length - 1;
    for (let i = (a ^ Math.imul(b, 0x27d4eb2d)) & mask; ; i = (i + 1) & mask) {
      if (!this.used[i]) {
        this.used[i] = 1;
        this.slots[2 * i] = a;
        this.slots[2 * i + 1] = b;
        return false;
      }
      if (this.slots[2 * i] === a && this.slots[2 * i + 1] === b) return true;
    }
  }

  private grow(): void {
    const { slots, used } = this;
    this.slots = new Uint32Array(slots.length * 2);
    this.used = new Uint8Array(used.length * 2);
    for (let i = 0; i < used.length; i++) if (used[i]) this.insert(slots[2 * i], slots[2 * i + 1]);
  }
}

/**
 * Finds the elements of the list of records inside a JSON text without parsing it whole: the
 * root array, or the first array under the root object (Airtable's API puts it under
 * `records`). Fed chunk by chunk; hands out each element's text for `JSON.parse`.
 */
export class JsonRecordScanner {
  private depth = 0;
  private inString = false;
  private escape = false;
  /** Depth at which the records' own text starts; -1 until found, -2 once the list has ended. */
  private target = -1;
  private collecting = false;
  private start = 0;
  private carry = '';
  private rootSeen: '' | 'array' | 'object' | 'scalar' = '';
  private expectKey = false;
  private capturingKey = false;
  private keyStart = 0;
  private keyText = '';
  private lastKey = '';
  private afterColon = false;
  /** Key of the array the records came from, when the root is an object. */
  listKey = '';

  get root(): '' | 'array' | 'object' | 'scalar' {
    return this.rootSeen;
  }

  get found(): boolean {
    return this.target !== -1;
  }

  get ended(): boolean {
    return this.target === -2;
  }

  /** Feeds one chunk; returns the complete element texts it closed. */
  feed(chunk: string): string[] {
    const out: string[] = [];
    const n = chunk.length;
    if (this.collecting) this.start = 0;
    if (this.capturingKey) this.keyStart = 0;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) {
          this.inString = false;
          if (this.capturingKey) {
            this.keyText += chunk.slice(this.keyStart, i);
            this.capturingKey = false;
            this.lastKey = this.keyText;
          }
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (this.depth === 0 && this.rootSeen === '') {
        this.rootSeen = c === 91 ? 'array' : c === 123 ? 'object' : 'scalar';
        if (this.rootSeen === 'array') this.target = 1;
      }
      if (this.depth === 1 && this.rootSeen === 'object' && this.target === -1) {
        if (c === 34 && this.expectKey) {
          this.inString = true;
          this.capturingKey = true;
          this.keyStart = i + 1;
          this.keyText = '';
          this.expectKey = false;
          continue;
        }
        if (c === 58) {
          this.afterColon = true;
          continue;
        }
        if (this.afterColon) {
          this.afterColon = false;
          if (c === 91) {
            this.target = 2;
            this.listKey = this.lastKey;
            this.depth++;
            continue;
          }
        }
        if (c === 44) {
          this.expectKey = true;
          continue;
        }
      }
      const atTarget = this.target > 0 && this.depth === this.target;
      if (c === 34) {
        this.inString = true;
        if (atTarget && !this.collecting) this.begin(i);
      } else if (c === 123 || c === 91) {
        if (atTarget && !this.collecting) this.begin(i);
        this.depth++;
        if (this.depth === 1 && c === 123) this.expectKey = true;
      } else if (c === 125 || c === 93) {
        if (this.target > 0 && this.depth === this.target) {
          // The list of records closes.
          if (this.collecting) out.push(this.finish(chunk, i));
          this.target = -2;
        }
        this.depth--;
      } else if (c === 44) {
        if (atTarget && this.collecting) out.push(this.finish(chunk, i));
      } else if (atTarget && !this.collecting) this.begin(i);
    }
    if (this.collecting) {
      this.carry += chunk.slice(this.start);
      this.start = 0;
    }
    if (this.capturingKey) this.keyText += chunk.slice(this.keyStart);
    return out;
  }

  /** Characters of an unfinished record held back; large means an unterminated record. */
  get pending(): number {
    return this.carry.length;
  }

  /** Text of a record the file ended in the middle of, if any. */
  leftover(): string | undefined {
    return this.collecting ? this.carry : undefined;
  }

  private begin(i: number): void {
    this.collecting = true;
    this.start = i;
    this.carry = '';
  }

  private finish(chunk: string, end: number): string {
    const text = this.carry + chunk.slice(this.start, end);
    this.collecting = false;
    this.carry = '';
    return text;
  }
}

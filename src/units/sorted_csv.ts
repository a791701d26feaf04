/**
 * Exact-code lookup in a large `code,"name",…` CSV without building a map of every row.
 *
 * @module
 */

/**
 * A CSV of `code,"name",…` lines sorted by code, searched in place by binary search, so the
 * 620,000 villages cost one string and an offset array, not a map of 620,000 entries. Rows
 * whose first `codeLen` characters are not digits (the header) are skipped; if the file turns
 * out not to be sorted, a map is built instead so lookups stay correct.
 *
 * @example
 * ```ts
 * const idx = new SortedCsvIndex('code,name\n110101,"东城区"\n110102,"西城区"\n', 6);
 * idx.get("110102"); // "西城区"
 * idx.get("110103"); // null
 * ```
 */
export class SortedCsvIndex {
  private readonly text: string;
  private readonly starts: Uint32Array;
  private readonly codeLen: number;
  private readonly fallback: Map<string, string> | null = null;

  /** Indexes `text`, whose rows start with a code of `codeLen` digits. */
  constructor(text: string, codeLen: number) {
    this.text = text;
    this.codeLen = codeLen;
    const starts: number[] = [];
    let pos = text.indexOf("\n") + 1; // skip the header
    let sorted = true;
    let prev = "";
    while (pos > 0 && pos < text.length) {
      const code = text.slice(pos, pos + codeLen);
      if (/^\d+$/.test(code)) {
        if (code < prev) sorted = false;
        prev = code;
        starts.push(pos);
      }
      pos = text.indexOf("\n", pos) + 1;
    }
    this.starts = Uint32Array.from(starts);
    if (!sorted) {
      this.fallback = new Map();
      for (const s of starts) this.fallback.set(text.slice(s, s + codeLen), this.nameAt(s));
    }
  }

  private nameAt(start: number): string {
    const q1 = this.text.indexOf('"', start + this.codeLen);
    const q2 = this.text.indexOf('"', q1 + 1);
    return this.text.slice(q1 + 1, q2);
  }

  /** Name of an exact code, or null. */
  get(code: string): string | null {
    if (code.length !== this.codeLen) return null;
    if (this.fallback) return this.fallback.get(code) ?? null;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.starts[mid];
      const c = this.text.slice(s, s + this.codeLen);
      if (c === code) return this.nameAt(s);
      if (c < code) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }
}

/**
 * libsvm's `Cache`: the kernel columns Q[0..len) of the l × l matrix, kept in an LRU list under a
 * budget counted in Qfloat (32-bit) entries. A column is cached as a prefix: a request for more
 * rows than are cached extends it (libsvm reallocs), and `getData` returns where the caller must
 * start filling. Columns are Float32Array because libsvm's `Qfloat` is `float`: the solver's
 * iterates see Q rounded to single precision, and so must ours. Only speed depends on the budget.
 */
export class ColumnCache {
  private readonly columns: (Float32Array | null)[];
  /** Rows cached per column (libsvm's head_t.len); 0 = not cached, not in the LRU list. */
  private readonly lens: Int32Array;
  /** The circular LRU list, least recent first; index l is the sentinel (lru_head). */
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /** Free budget, in Qfloat entries. */
  private size: number;

  /** `bytes`: libsvm's cache_size·2²⁰. At least two full columns always fit (libsvm's rule). */
  constructor(
    private readonly l: number,
    bytes: number,
  ) {
    this.columns = new Array<Float32Array | null>(l).fill(null);
    this.lens = new Int32Array(l);
    this.prev = new Int32Array(l + 1).fill(l);
    this.next = new Int32Array(l + 1).fill(l);
    // As Cache::Cache: bytes → floats, minus the l list heads (32 bytes each on 64-bit).
    this.size = Math.max(Math.floor(Math.floor(bytes) / 4) - (l * 32) / 4, 2 * l);
  }

  /** The cached prefix of column `index` (valid for rows [0, len) once filled from `start`). */
  column(index: number): Float32Array {
    return this.columns[index]!;
  }

  /**
   * libsvm's `get_data(index, &data, len)`: makes column `index` hold at least `len` rows
   * (evicting least recently used columns to make room), marks it most recently used, and
   * returns the first row the caller must compute (≥ len when all are cached).
   */
  getData(index: number, len: number): number {
    const had = this.lens[index]!;
    if (had > 0) this.unlink(index);
    const more = len - had;
    if (more <= 0) {
      this.link(index);
      return len;
    }
    while (this.size < more) {
      const old = this.next[this.l]!;
      this.unlink(old);
      this.size += this.lens[old]!;
      this.columns[old] = null;
      this.lens[old] = 0;
    }
    const grown = new Float32Array(len);
    const previous = this.columns[index];
    if (previous) grown.set(previous.subarray(0, had));
    this.columns[index] = grown;
    this.size -= more;
    this.lens[index] = len;
    this.link(index);
    return had;
  }

  /**
   * libsvm's `Cache::swap_index`: rows i and j trade places in every cached column, and the
   * columns themselves trade slots. A column that holds row min(i, j) but not row max(i, j)
   * cannot be fixed up and is dropped ("give up").
   */
  swapIndex(i: number, j: number): void {
    if (i === j) return;
    if (this.lens[i]! > 0) this.unlink(i);
    if (this.lens[j]! > 0) this.unlink(j);
    const column = this.columns[i]!;
    this.columns[i] = this.columns[j]!;
    this.columns[j] = column;
    const len = this.lens[i]!;
    this.lens[i] = this.lens[j]!;
    this.lens[j] = len;
    if (this.lens[i]! > 0) this.link(i);
    if (this.lens[j]! > 0) this.link(j);

    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    for (let h = this.next[this.l]!; h !== this.l; ) {
      const following = this.next[h]!; // unlink keeps h's own pointers, as in libsvm
      const hLen = this.lens[h]!;
      if (hLen > lo) {
        const data = this.columns[h]!;
        if (hLen > hi) {
          const t = data[lo]!;
          data[lo] = data[hi]!;
          data[hi] = t;
        } else {
          this.unlink(h);
          this.size += hLen;
          this.columns[h] = null;
          this.lens[h] = 0;
        }
      }
      h = following;
    }
  }

  /** lru_delete */
  private unlink(h: number): void {
    this.next[this.prev[h]!] = this.next[h]!;
    this.prev[this.next[h]!] = this.prev[h]!;
  }

  /** lru_insert: at the most recently used end. */
  private link(h: number): void {
    const l = this.l;
    this.next[h] = l;
    this.prev[h] = this.prev[l]!;
    this.next[this.prev[h]!] = h;
    this.prev[l] = h;
  }
}

/**
 * A full garbage collection on demand, between two large jobs on the same thread (the counties
 * of a province): otherwise V8 keeps the previous county's garbage until its heap is full, and
 * the next county's peak sits on those leftovers.
 *
 * The CLI starts Deno with {@link CLI_V8_FLAGS}: `--expose-gc` gives `gc`, called here for a
 * regular full collection (the heap keeps its size, so the next county does not pay to grow it
 * again), and `--max-semi-space-size=8` caps V8's young generation at 2 × 8 MiB instead of
 * 2 × 16. Measured on 2 cores, 8 counties of 50,000 parcels one after another: 7.1–8.4 s and
 * 390–410 MiB peak without collections, 7.3–8.2 s and 282–295 MiB with both flags; a 200,000-parcel
 * county: 3.6 s and 385–393 MiB → 3.4–3.5 s and 309–312 MiB (grid), 4.2–4.6 s and 393–407 MiB →
 * 4.2–4.8 s and 335–337 MiB (Voronoi).
 *
 * Without the flag (a notebook, a script run with plain `deno run`), `--expose-gc` is set at run
 * time through `node:v8` and `gc` taken from a fresh `node:vm` context. V8 then collects as it
 * would when memory runs out (the heap shrinks to what is live and grows again in the next
 * county): the same memory, about 1.5–2 s more over those 8 counties. `node:v8` and `node:vm`
 * are imported only then: importing them costs a thread about 30 ms at start.
 *
 * @example
 * ```ts
 * for (const county of counties) { await screen(county); await collectGarbage(); }
 * ```
 * @module
 */
/** The V8 flags the CLI runs with (deno.json's tasks, the offline launcher, the benches and tests). */
export const CLI_V8_FLAGS = "--v8-flags=--expose-gc,--max-semi-space-size=8";

type Gc = (options?: { type?: "major" | "minor"; execution?: "sync" | "async" }) => void;

let gc: Gc | null = null;

/** Runs a full (major) garbage collection of this thread's heap now. */
export async function collectGarbage(): Promise<void> {
  if (!gc) {
    const exposed = (globalThis as unknown as { gc?: Gc }).gc;
    if (exposed) gc = exposed;
    else {
      const [{ default: v8 }, { default: vm }] = await Promise.all([import("node:v8"), import("node:vm")]);
      v8.setFlagsFromString("--expose-gc");
      gc = vm.runInNewContext("gc") as Gc;
    }
  }
  gc({ type: "major", execution: "sync" });
}

/**
 * Collects garbage once enough work has been let go since the last collection: `release(n)` after
 * each unit (a county's parcels), a full collection when they add up to `limit`. Memory then
 * overshoots by at most `limit` units' garbage, and many small units (a small province's counties)
 * do not pay a collection each.
 *
 * @example
 * ```ts
 * const budget = new GarbageBudget(100_000);
 * for (const county of counties) { const t = await load(county); use(t); await budget.release(t.length); }
 * ```
 */
export class GarbageBudget {
  #pending = 0;
  /**
   * @param limit units released between two collections
   * @param collect the collection ({@link collectGarbage})
   */
  constructor(readonly limit: number, readonly collect: () => Promise<void> = collectGarbage) {}
  /** Counts `n` units as released; collects when the count reaches the limit. */
  async release(n: number): Promise<void> {
    this.#pending += n;
    if (this.#pending < this.limit) return;
    this.#pending = 0;
    await this.collect();
  }
}

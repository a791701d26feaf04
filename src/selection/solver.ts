/**
 * The MIP solver of the selection: HiGHS compiled to WebAssembly (npm `highs`), loaded once
 * per isolate and called with CPLEX LP text. Each call runs on a fresh native instance, so
 * no state carries between solves; with the same text and options the answer is the same.
 *
 * @example
 * ```ts
 * const solve = await loadSolver();
 * const r = solve("Minimize\n obj: x\nSubject To\n c: x >= 1\nBinary\n x\nEnd\n", { timeLimitS: 10 });
 * r.status;     // "Optimal"
 * r.values.x;   // 1
 * ```
 * @module
 */
import * as highsModule from "highs";

/** The outcome of one solve. */
export interface MipResult {
  /** HiGHS model status, e.g. "Optimal", "Infeasible", "Time limit reached". */
  status: string;
  objective: number;
  /** Primal value of each column by name. */
  values: Record<string, number>;
  /** Wall time of the solve, ms. */
  ms: number;
}

/** Options of one solve. */
export interface MipOptions {
  /** Time limit in seconds (default 60). */
  timeLimitS?: number;
  /** Relative MIP gap at which a solve stops (default {@link DEFAULT_REL_GAP}). */
  relGap?: number;
}

/**
 * Default relative MIP gap, 1e-4: a choice within 0.01 % of the least cost. Costs are returned
 * to 0.01 万元/亩, so the data themselves are no more precise than this; pass 0 for a proof of
 * optimality (slower on pools of thousands of pieces).
 */
export const DEFAULT_REL_GAP = 1e-4;

/** A solver: LP text in, result out (synchronous once loaded). */
export type MipSolver = (lp: string, opts?: MipOptions) => MipResult;

/** The package's declared loader (its types describe the CommonJS module as the default export). */
type HighsLoader = typeof highsModule.default.default;

/** The loader function, wherever the CommonJS interop put it. */
function highsLoader(): HighsLoader {
  const d = (highsModule as { default?: unknown }).default;
  const f = typeof d === "function" ? d : (d as { default?: unknown } | undefined)?.default;
  if (typeof f !== "function") throw new Error("无法加载 HiGHS 求解器（npm 包 highs）：找不到其加载函数");
  return f as HighsLoader;
}

let cached: Promise<MipSolver> | null = null;

/**
 * Loads HiGHS (once) and returns the solve function. Relative gap {@link DEFAULT_REL_GAP} unless
 * given, absolute gap 1e-6 (万元 or 亩), single thread, fixed seed: results are reproducible.
 *
 * @example
 * ```ts
 * const solve = await loadSolver();
 * ```
 */
export function loadSolver(): Promise<MipSolver> {
  cached ??= (async () => {
    const highs = await highsLoader()();
    return (lp: string, opts: MipOptions = {}): MipResult => {
      const t0 = performance.now();
      const r = highs.solve(lp, {
        output_flag: false,
        mip_rel_gap: opts.relGap ?? DEFAULT_REL_GAP,
        mip_abs_gap: 1e-6,
        random_seed: 0,
        threads: 1,
        time_limit: opts.timeLimitS ?? 60,
      });
      const values: Record<string, number> = {};
      for (const [name, col] of Object.entries(r.Columns ?? {})) {
        const primal = (col as { Primal?: number }).Primal;
        values[name] = typeof primal === "number" ? primal : 0;
      }
      return {
        status: String(r.Status),
        objective: Number(r.ObjectiveValue),
        values,
        ms: performance.now() - t0,
      };
    };
  })();
  return cached;
}

/**
 * The rule-order (greedy) baseline of the selection: pieces are taken in the documented order
 * of preference ({@link preferenceOrder}: 可以恢复 → class → adjoining PBF → grade → cost → BSM
 * and part) until the area is covered; then, as far as that order allows, further pieces
 * better than the out-flow's grade until the grade is met, and further paddy-capable pieces
 * until the paddy is matched. A 建议恢复 piece is never taken while an open 可以恢复 piece is
 * left. Needs of a scope are served one after another in their given order (county code).
 *
 * It is the benchmark of the optimiser: whenever it meets the same requirements, the
 * optimiser's choice is no worse on any preference and costs no more.
 *
 * @example
 * ```ts
 * const a = greedyScope(problem);
 * needMetrics(problem, a, 0).uncoveredMu; // 0 when the pool covers the need
 * ```
 * @module
 */
import { type Assignment, gradeBound, muOf, type ScopeProblem, TOL } from "./model.ts";
import { preferenceOrder } from "./pool.ts";
import type { PoolPiece } from "./types.ts";

/**
 * The eligible pieces of need n in the documented order of preference.
 *
 * @example
 * ```ts
 * orderedEligible(problem, 0)[0]; // index of the piece the rules take first
 * ```
 */
export function orderedEligible(
  problem: ScopeProblem,
  n: number,
  order: (a: PoolPiece, b: PoolPiece) => number = preferenceOrder,
): number[] {
  return [...problem.needs[n].eligible].sort((i, j) => order(problem.pieces[i], problem.pieces[j]));
}

/**
 * Other orders for the same greedy, used only to find cheap feasible points (bounds) for the
 * optimiser: best grade first, and paddy-capable first; both keep 可以恢复 before 建议恢复.
 */
export const HEURISTIC_ORDERS: readonly ((a: PoolPiece, b: PoolPiece) => number)[] = [
  (a, b) => resultRank(a) - resultRank(b) || gradeBound(a) - gradeBound(b) || preferenceOrder(a, b),
  (a, b) =>
    resultRank(a) - resultRank(b) || Number(b.paddyCapable) - Number(a.paddyCapable) ||
    gradeBound(a) - gradeBound(b) ||
    preferenceOrder(a, b),
];

function resultRank(p: PoolPiece): number {
  return p.result === "可以恢复" ? 0 : 1;
}

/**
 * The greedy choice of a scope (see the module doc); `compare` replaces the documented order
 * (for {@link HEURISTIC_ORDERS}).
 *
 * @example
 * ```ts
 * greedyScope(problem).filter((n) => n >= 0).length; // pieces taken
 * ```
 */
export function greedyScope(
  problem: ScopeProblem,
  compare: (a: PoolPiece, b: PoolPiece) => number = preferenceOrder,
): Assignment {
  const a: Assignment = new Int32Array(problem.pieces.length).fill(-1);
  problem.needs.forEach((sn, n) => {
    const order = orderedEligible(problem, n, compare).filter((i) => a[i] < 0);
    let area = 0, paddy = 0, gsum = 0;
    let canLeft = order.filter((i) => problem.pieces[i].result === "可以恢复").length;
    const taken: number[] = [];
    const take = (i: number, sign = 1) => {
      const p = problem.pieces[i], mu = muOf(p) * sign;
      a[i] = sign > 0 ? n : -1;
      if (sign > 0) taken.push(i);
      if (p.result === "可以恢复") canLeft -= sign;
      area += mu;
      if (p.paddyCapable) paddy += mu;
      gsum += mu * gradeBound(p);
    };
    /** Takes pieces in order that pass `fits` until `done`; stops at a 建议恢复 piece while 可以恢复 is left. */
    const extend = (done: () => boolean, fits: (i: number) => boolean) => {
      for (const i of order) {
        if (done()) return;
        if (a[i] >= 0 || !fits(i)) continue;
        if (problem.pieces[i].result === "建议恢复" && canLeft > 0) return;
        take(i);
      }
    };
    extend(() => area >= sn.areaMu - TOL, () => true);
    const g = sn.grade;
    if (g !== null) {
      // Land is added for quality only when it reaches the out-flow's grade; otherwise none is.
      const mark = taken.length;
      const met = () => sn.gradeBase + gsum - g * area <= TOL;
      extend(met, (i) => gradeBound(problem.pieces[i]) < g);
      if (!met()) { for (const i of taken.splice(mark)) take(i, -1); }
    }
    extend(() => paddy >= sn.paddyMu - TOL, (i) => problem.pieces[i].paddyCapable);
  });
  return a;
}

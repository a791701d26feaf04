/**
 * The optimiser of one scope: lexicographic tiers solved one after another with HiGHS, each
 * later tier keeping the earlier optima as constraints.
 *
 *  1. 面积 — least area left uncovered (covered area ≥ need wherever the pool allows);
 *  2. 质量 — area-weighted grade of what comes in ≤ the out-flow's (grade excess, 亩·等, made 0).
 *     Where no choice of this level reaches it, the constraint is dropped for that need here:
 *     no land is restored for quality alone, the excess is reported and passed on;
 *  3. 水田 — least paddy left unmatched by paddy-capable land;
 *  4. 成本 — least restoration cost (万元), subject to the rule "建议恢复 only once 可以恢复 is used
 *     up" throughout, and — when the rule-order (greedy) choice meets tiers 1–3 as well — to
 *     being no worse than that choice on every preference of the documented order: the share
 *     of each cumulative contiguity class (I型; I+II型; all 集中 and 非集中 I型), the share
 *     adjoining permanent basic farmland, the mean grade, and the 建议恢复 area;
 *  5. ties of equal cost (to 1e-7 万元) go to the piece earlier in the documented order.
 *
 * With `reference: "none"` the rule-order reference of tier 4 is dropped: the cheapest choice
 * meeting tiers 1–3 and the 可以恢复/建议恢复 rule, the other preferences only breaking ties.
 *
 * A tier is not solved when its optimum is known: 0 when the greedy choice (or the same greedy
 * in a best-grade-first or paddy-first order) already reaches it within the earlier tiers, or,
 * for a single need, the area the whole open pool leaves uncovered. The greedy choice is
 * kept whenever it is feasible and not dearer than what the solver returns (a time limit, or
 * a tolerance), so the optimiser never costs more than the rule order for the same cover.
 *
 * @example
 * ```ts
 * const solve = await loadSolver();
 * const r = solveScope(problem, solve);
 * r.method; // "optimal"
 * ```
 * @module
 */
import {
  type Assignment,
  assignmentFrom,
  buildLp,
  costOf,
  type Dominance,
  dominanceFrom,
  dominanceHolds,
  type LpSpec,
  muOf,
  needMetrics,
  relaxed,
  ruleHolds,
  type ScopeNeed,
  type ScopeProblem,
  TOL,
  totals,
} from "./model.ts";
import { greedyScope, HEURISTIC_ORDERS } from "./greedy.ts";
import { preferenceOrder } from "./pool.ts";
import type { MipOptions, MipSolver } from "./solver.ts";

/** One tier of a scope's solve. */
export interface TierRecord {
  tier: "面积" | "质量" | "水田" | "成本";
  /** Optimum: 亩 (面积, 水田), 亩·等 (质量), 万元 (成本). */
  value: number;
  /** How it was found: a greedy order reached 0, the whole open pool, 求解 (HiGHS), or the rule order kept. */
  how: "规则顺序已达到" | "其他顺序可达到" | "全部可用图斑" | "求解" | "规则顺序";
  status: string;
  ms: number;
}

/** The requirement optima of a scope (sums over its needs). */
export interface TierBounds {
  uncovered: number;
  excess: number;
  shortfall: number;
}

/** The decision for one scope, with how it was reached. */
export interface ScopeSolve {
  /** The problem as decided: a need whose quality parity is out of reach has its grade dropped. */
  problem: ScopeProblem;
  assignment: Assignment;
  /** optimal: the solver's choice; greedy: rule order by request; greedy-fallback: rule order kept. */
  method: "optimal" | "greedy" | "greedy-fallback";
  tiers: TierRecord[];
  bounds: TierBounds;
  greedy: { assignment: Assignment; cost: number; meets: boolean };
  /** The rule-order reference the choice was held to, or null. */
  dominance: Dominance | null;
  notes: string[];
  ms: number;
}

function requirementTotals(problem: ScopeProblem, a: Assignment) {
  return totals(problem.needs.map((_, n) => needMetrics(problem, a, n)));
}

function meetsBounds(problem: ScopeProblem, a: Assignment, b: TierBounds): boolean {
  const t = requirementTotals(problem, a);
  return t.uncovered <= relaxed(b.uncovered) && t.excess <= relaxed(b.excess) &&
    t.shortfall <= relaxed(b.shortfall) &&
    ruleHolds(problem, a);
}

/**
 * The rule-order decision of a scope (no solver).
 *
 * @example
 * ```ts
 * greedyDecision(problem).method; // "greedy"
 * ```
 */
export function greedyDecision(problem: ScopeProblem): ScopeSolve {
  const t0 = performance.now();
  const a = greedyScope(problem);
  const t = requirementTotals(problem, a);
  return {
    problem,
    assignment: a,
    method: "greedy",
    tiers: [],
    bounds: { uncovered: t.uncovered, excess: t.excess, shortfall: t.shortfall },
    greedy: { assignment: a, cost: t.cost, meets: true },
    dominance: null,
    notes: [],
    ms: performance.now() - t0,
  };
}

/** Solves one LP and returns the assignment, or null with the status when there is none. */
function run(
  problem: ScopeProblem,
  spec: LpSpec,
  solve: MipSolver,
  mip: MipOptions,
): { a: Assignment | null; status: string; ms: number } {
  const lp = buildLp(problem, spec);
  const r = solve(lp.text, mip);
  const usable = r.status === "Optimal" ||
    (r.status === "Time limit reached" && Object.keys(r.values).length > 0);
  if (!usable) return { a: null, status: r.status, ms: r.ms };
  return { a: assignmentFrom(problem, lp.vars, r.values), status: r.status, ms: r.ms };
}

/** Swaps chosen pieces for unchosen ones of equal cost that come earlier in the documented order. */
function breakTies(problem: ScopeProblem, a: Assignment, b: TierBounds, dom: Dominance | null): void {
  const order = (i: number, j: number) => preferenceOrder(problem.pieces[i], problem.pieces[j]);
  let changed = true;
  for (let round = 0; changed && round < 1000; round++) {
    changed = false;
    for (let n = 0; n < problem.needs.length && !changed; n++) {
      const chosen = problem.needs[n].eligible.filter((i) => a[i] === n).sort(order).reverse();
      const free = problem.needs[n].eligible.filter((i) => a[i] < 0).sort(order);
      for (const p of chosen) {
        for (const q of free) {
          if (order(q, p) >= 0) break;
          if (Math.abs(costOf(problem.pieces[q]) - costOf(problem.pieces[p])) > 1e-7) continue;
          a[p] = -1;
          a[q] = n;
          if (meetsBounds(problem, a, b) && (!dom || dominanceHolds(problem, a, dom))) {
            changed = true;
            break;
          }
          a[q] = -1;
          a[p] = n;
        }
        if (changed) break;
      }
    }
  }
}

/**
 * Solves a scope by the tiers of the module doc.
 *
 * @example
 * ```ts
 * solveScope(problem, await loadSolver(), { timeLimitS: 30 }).tiers.map((t) => t.tier);
 * ```
 */
export function solveScope(
  problem: ScopeProblem,
  solve: MipSolver,
  opts: { timeLimitS?: number; relGap?: number; reference?: "rule-order" | "none" } = {},
): ScopeSolve {
  const t0 = performance.now();
  const limit = opts.timeLimitS ?? 60;
  const mip: MipOptions = { timeLimitS: limit, relGap: opts.relGap };
  const g = greedyScope(problem);
  let prob = problem;
  const g0 = requirementTotals(problem, g);
  let gt = g0;
  const tiers: TierRecord[] = [];
  const notes: string[] = [];
  const bounds: Partial<TierBounds> = {};
  const fallback = (why: string, meets = false): ScopeSolve => ({
    // The greedy choice fits the problem as decided only when it met the same requirements there.
    problem: meets ? prob : problem,
    assignment: g,
    method: "greedy-fallback",
    tiers,
    bounds: { uncovered: g0.uncovered, excess: g0.excess, shortfall: g0.shortfall },
    greedy: { assignment: g, cost: g0.cost, meets },
    dominance: null,
    notes: [...notes, why],
    ms: performance.now() - t0,
  });
  const keys = [
    ["uncovered", "面积"],
    ["excess", "质量"],
    ["shortfall", "水田"],
  ] as const;
  // Cheap feasible points in other orders: when one meets the earlier bounds with a zero slack, the tier is 0.
  const probes = HEURISTIC_ORDERS.map((o) => greedyScope(problem, o));
  const probeHits = (key: keyof TierBounds) =>
    probes.some((a) => {
      const t = requirementTotals(prob, a);
      return t[key] <= TOL && ruleHolds(prob, a) &&
        keys.every(([k]) => k === key || bounds[k] === undefined || t[k] <= relaxed(bounds[k]!));
    });
  let greedyOnTrack = true;
  for (const [key, tier] of keys) {
    const applies = key === "uncovered" ||
      (key === "excess" ? prob.needs.some((n) => n.grade !== null) : prob.needs.some((n) => n.paddyMu > 0));
    if (!applies) {
      bounds[key] = 0;
      continue;
    }
    if (greedyOnTrack && gt[key] <= TOL) {
      bounds[key] = 0;
      tiers.push({ tier, value: 0, how: "规则顺序已达到", status: "—", ms: 0 });
      continue;
    }
    if (probeHits(key)) {
      bounds[key] = 0;
      tiers.push({ tier, value: 0, how: "其他顺序可达到", status: "—", ms: 0 });
      if (gt[key] > TOL) greedyOnTrack = false;
      continue;
    }
    if (key === "uncovered" && prob.needs.length === 1) {
      const sn = prob.needs[0];
      const all = sn.eligible.reduce((s, i) => s + muOf(prob.pieces[i]), 0);
      bounds.uncovered = Math.max(0, sn.areaMu - all);
      tiers.push({ tier, value: bounds.uncovered, how: "全部可用图斑", status: "—", ms: 0 });
    } else {
      const r = run(prob, { objective: key, bounds, dominance: null }, solve, mip);
      if (!r.a) return fallback(`${tier}层求解未得到可行解（${r.status}），采用规则顺序选取结果`);
      bounds[key] = requirementTotals(prob, r.a)[key];
      tiers.push({ tier, value: bounds[key]!, how: "求解", status: r.status, ms: r.ms });
      if (key === "excess" && bounds.excess! > TOL) {
        // Parity out of reach for some needs: no land is restored for quality alone for them.
        const out = prob.needs.filter((_, n) => needMetrics(prob, r.a!, n).excess > TOL);
        for (const sn of out) {
          notes.push(
            `${sn.need.county}：本层可用图斑无法使平均等别达到转出等别，不为质量单独多恢复土地，差额留待上一层级`,
          );
        }
        // A need left with nothing else to cover takes nothing more at this level.
        const rest = (sn: ScopeNeed) => (sn.areaMu > TOL || sn.paddyMu > TOL ? sn.eligible : []);
        prob = {
          ...prob,
          needs: prob.needs.map((sn) => (out.includes(sn) ? { ...sn, grade: null, eligible: rest(sn) } : sn)),
        };
        gt = requirementTotals(prob, g);
        bounds.excess = 0;
      }
    }
    if (gt[key] > relaxed(bounds[key]!)) greedyOnTrack = false;
  }
  const b = bounds as TierBounds;
  const consistent = prob.needs.every((sn, n) => g.every((m, i) => m !== n || sn.eligible.includes(i)));
  const meets = consistent && meetsBounds(prob, g, b);
  const dom = meets && opts.reference !== "none" ? dominanceFrom(prob, g) : null;
  if (!meets) notes.push("规则顺序选取未能同样满足面积、质量、水田要求，成本层不以其为参照");
  const r = run(prob, { objective: "cost", bounds: b, dominance: dom }, solve, mip);
  let a = r.a;
  if (a && !(meetsBounds(prob, a, b) && (!dom || dominanceHolds(prob, a, dom)))) {
    notes.push(`成本层求解结果复核未通过（容差），改用规则顺序结果`);
    a = null;
  }
  if (!a) {
    if (!meets) return fallback(`成本层求解未得到可行解（${r.status}），采用规则顺序选取结果`);
    return fallback(`成本层求解未得到可行解（${r.status}），采用规则顺序选取结果（其满足同样要求）`, true);
  }
  if (r.status !== "Optimal") notes.push(`成本层在时限 ${limit} 秒内未证明最优（${r.status}），取当时最优解`);
  if (meets && requirementTotals(prob, a).cost > gt.cost + TOL) {
    tiers.push({ tier: "成本", value: gt.cost, how: "规则顺序", status: r.status, ms: r.ms });
    return { ...fallback("求解结果成本不低于规则顺序选取结果，保留规则顺序结果", true), tiers, bounds: b };
  }
  breakTies(prob, a, b, dom);
  tiers.push({
    tier: "成本",
    value: requirementTotals(prob, a).cost,
    how: "求解",
    status: r.status,
    ms: r.ms,
  });
  return {
    problem: prob,
    assignment: a,
    method: "optimal",
    tiers,
    bounds: b,
    greedy: { assignment: g, cost: gt.cost, meets },
    dominance: dom,
    notes,
    ms: performance.now() - t0,
  };
}

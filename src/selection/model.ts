/**
 * The selection problem of one scope (a county, or the needy counties of a city or province
 * drawing on the others' leftover pools) as data, its measures, and its MIP in CPLEX LP text
 * for HiGHS. Pure functions; areas in 亩, costs in 万元, grades 1 (best) … 15.
 *
 * Variables: x_{p,n} = 1 when piece p covers need n (whole pieces, each at most once);
 * slack s_n (area not covered), u_n (grade excess, 亩·等), t_n (paddy not matched); y_n = 1
 * when need n has opened 建议恢复. Constraints, for each need n with remaining area R, paddy P,
 * out-flow grade G and the earlier levels' grade term K:
 *
 *   Σ a_p x + s_n ≥ R                               (面积不减少)
 *   Σ a_p (ĝ_p − G) x − u_n ≤ −K                     (质量不降低; ĝ = grade, 未评定 counted as 15)
 *   Σ_{paddy-capable} a_p x + t_n ≥ P                (水田)
 *   Σ_{建议恢复} x ≤ M y_n;  Σ_{n'} x_{q,n'} ≥ y_n  for every 可以恢复 q open to n
 *                                                    (建议恢复 only once 可以恢复 is used up)
 *
 * and, when the rule-order (greedy) choice is the reference, that the choice is no worse on
 * any preference: cumulative class shares, share adjoining PBF, mean grade, 建议恢复 area.
 *
 * @example
 * ```ts
 * const lp = buildLp(problem, { objective: "cost", bounds: { uncovered: 0 }, dominance: null });
 * const a = assignmentFrom(problem, lp.vars, solution.values);
 * needMetrics(problem, a, 0).costWan;
 * ```
 * @module
 */
// @ts-types="@types/d3-array"
import { group, range } from "d3-array";
import type { OutflowNeed } from "../outflow/types.ts";
import type { CoverLevel, PoolPiece } from "./types.ts";
import { CLASS_RANK, UNGRADED_AS } from "./pool.ts";
import { M2_PER_MU } from "../units/area.ts";

/** A need as seen by one scope: what remains of it, and the pieces it may take. */
export interface ScopeNeed {
  /** Index of the need in the run (stable). */
  id: number;
  need: OutflowNeed;
  /** Area still to cover, 亩 (≤ 0: covered). */
  areaMu: number;
  /** Paddy still to match, 亩 (≤ 0: matched). */
  paddyMu: number;
  /** The out-flow grade G when the grade constraint applies, else null. */
  grade: number | null;
  /** Σ a(ĝ − G) of the pieces chosen for this need at earlier levels, 亩·等 (0 without grade). */
  gradeBase: number;
  /** Indices into {@link ScopeProblem.pieces} of the pieces open to this need. */
  eligible: number[];
}

/** One scope's problem: pieces in canonical order and the needs drawing on them. */
export interface ScopeProblem {
  level: CoverLevel;
  /** County, city or province code. */
  scope: string;
  pieces: PoolPiece[];
  needs: ScopeNeed[];
}

/** For each piece of the scope, the index of the need it covers, or -1. */
export type Assignment = Int32Array;

/** What a choice gives one need. */
export interface NeedMetrics {
  count: number;
  areaMu: number;
  paddyMu: number;
  costWan: number;
  /** Area not covered, 亩. */
  uncoveredMu: number;
  /** Grade excess max(0, K + Σ a(ĝ − G)), 亩·等 (0 when the constraint does not apply). */
  excess: number;
  /** Paddy not matched, 亩. */
  shortfallMu: number;
  /** 建议恢复 area, 亩. */
  suggestedMu: number;
  /** Area of classes ranked ≤ k (k = 0, 1, 2), 亩. */
  classCum: [number, number, number];
  /** Area adjoining permanent basic farmland, 亩. */
  pbfMu: number;
  /** Σ a ĝ, 亩·等. */
  gradeSum: number;
}

/** Per-need reference shares of the rule-order choice (null: no reference for that need). */
export type Dominance = (
  | { classShare: [number, number, number]; pbfShare: number; gradeMean: number; suggestedMu: number }
  | null
)[];

/** The objective and the bounds from earlier tiers. */
export interface LpSpec {
  objective: "uncovered" | "excess" | "shortfall" | "cost";
  bounds: { uncovered?: number; excess?: number; shortfall?: number };
  dominance: Dominance | null;
}

/** Absolute tolerance (亩, 亩·等, 万元) when comparing measures. */
export const TOL = 1e-6;

/** A bound v relaxed by the tolerance. */
export function relaxed(v: number): number {
  return v + Math.max(TOL, Math.abs(v) * 1e-9);
}

/** Area of a piece in 亩. */
export function muOf(p: PoolPiece): number {
  return p.areaM2 / M2_PER_MU;
}

/** Grade used in bounds: the grade, or 15 when 未评定. */
export function gradeBound(p: PoolPiece): number {
  return p.grade ?? UNGRADED_AS;
}

/** Cost of restoring a piece, 万元. */
export function costOf(p: PoolPiece): number {
  return p.costPerMu * muOf(p);
}

/**
 * The measures of need n under an assignment.
 *
 * @example
 * ```ts
 * needMetrics(problem, assignment, 0).uncoveredMu; // 0 when covered
 * ```
 */
export function needMetrics(problem: ScopeProblem, a: Assignment, n: number): NeedMetrics {
  const sn = problem.needs[n];
  const m: NeedMetrics = {
    count: 0,
    areaMu: 0,
    paddyMu: 0,
    costWan: 0,
    uncoveredMu: 0,
    excess: 0,
    shortfallMu: 0,
    suggestedMu: 0,
    classCum: [0, 0, 0],
    pbfMu: 0,
    gradeSum: 0,
  };
  for (const i of sn.eligible) {
    if (a[i] !== n) continue;
    const p = problem.pieces[i], mu = muOf(p);
    m.count++;
    m.areaMu += mu;
    if (p.paddyCapable) m.paddyMu += mu;
    m.costWan += costOf(p);
    if (p.result === "建议恢复") m.suggestedMu += mu;
    for (let k = 0; k < 3; k++) if (CLASS_RANK[p.cls] <= k) m.classCum[k] += mu;
    if (p.adjoinsPbf) m.pbfMu += mu;
    m.gradeSum += mu * gradeBound(p);
  }
  m.uncoveredMu = Math.max(0, sn.areaMu - m.areaMu);
  m.shortfallMu = Math.max(0, sn.paddyMu - m.paddyMu);
  if (sn.grade !== null) m.excess = Math.max(0, sn.gradeBase + m.gradeSum - sn.grade * m.areaMu);
  return m;
}

/** Sums over needs of the three requirement slacks and the cost. */
export function totals(
  ms: readonly NeedMetrics[],
): { uncovered: number; excess: number; shortfall: number; cost: number } {
  let uncovered = 0, excess = 0, shortfall = 0, cost = 0;
  for (const m of ms) {
    uncovered += m.uncoveredMu;
    excess += m.excess;
    shortfall += m.shortfallMu;
    cost += m.costWan;
  }
  return { uncovered, excess, shortfall, cost };
}

/** Whether every need that took 建议恢复 left no eligible 可以恢复 piece unused. */
export function ruleHolds(problem: ScopeProblem, a: Assignment): boolean {
  return problem.needs.every((sn, n) => {
    const opened = sn.eligible.some((i) => a[i] === n && problem.pieces[i].result === "建议恢复");
    return !opened || sn.eligible.every((i) => problem.pieces[i].result !== "可以恢复" || a[i] >= 0);
  });
}

/** The reference shares of a (rule-order) assignment, per need. */
export function dominanceFrom(problem: ScopeProblem, a: Assignment): Dominance {
  return problem.needs.map((_, n) => {
    const m = needMetrics(problem, a, n);
    if (m.areaMu <= 0) return null;
    return {
      classShare: m.classCum.map((c) => c / m.areaMu) as [number, number, number],
      pbfShare: m.pbfMu / m.areaMu,
      gradeMean: m.gradeSum / m.areaMu,
      suggestedMu: m.suggestedMu,
    };
  });
}

/** Whether an assignment is no worse than the reference on every preference. */
export function dominanceHolds(problem: ScopeProblem, a: Assignment, dom: Dominance): boolean {
  return problem.needs.every((_, n) => {
    const d = dom[n];
    if (!d) return true;
    const m = needMetrics(problem, a, n), tol = TOL * Math.max(1, m.areaMu);
    return d.classShare.every((s, k) => m.classCum[k] - s * m.areaMu >= -tol) &&
      m.pbfMu - d.pbfShare * m.areaMu >= -tol &&
      m.gradeSum - d.gradeMean * m.areaMu <= tol &&
      m.suggestedMu <= relaxed(d.suggestedMu);
  });
}

/** A number as LP text (finite, no locale). */
function num(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`模型系数无效：${v}`);
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
}

/** Linear terms as LP text ("+ 2.5 x3 - 1 x7"); zero coefficients dropped. */
function terms(list: [number, string][]): string {
  const out: string[] = [];
  for (const [c, v] of list) if (c !== 0) out.push(`${c < 0 ? "-" : "+"} ${num(Math.abs(c))} ${v}`);
  return out.join(" ");
}

/**
 * The MIP of a scope in CPLEX LP format, and the (piece, need) of each x variable. Needs
 * with nothing left (area, paddy and grade all met) get no variables.
 *
 * @example
 * ```ts
 * buildLp(problem, { objective: "uncovered", bounds: {}, dominance: null }).text.startsWith("Minimize"); // true
 * ```
 */
export function buildLp(
  problem: ScopeProblem,
  spec: LpSpec,
): { text: string; vars: { piece: number; need: number }[] } {
  const vars: { piece: number; need: number }[] = [];
  const byNeed: number[][] = problem.needs.map(() => []);
  problem.needs.forEach((sn, n) => {
    for (const i of sn.eligible) {
      byNeed[n].push(vars.length);
      vars.push({ piece: i, need: n });
    }
  });
  const byPiece = group(range(vars.length), (v) => vars[v].piece);
  const x = (v: number) => `x${v}`;
  const P = (v: number) => problem.pieces[vars[v].piece];
  const rows: string[] = [];
  const slack = { uncovered: [] as string[], excess: [] as string[], shortfall: [] as string[] };
  const binaries = vars.map((_, v) => x(v));
  problem.needs.forEach((sn, n) => {
    const vs = byNeed[n];
    if (vs.length === 0) return;
    const s = `s${n}`, u = `u${n}`, t = `t${n}`;
    rows.push(`area${n}: ${terms(vs.map((v) => [muOf(P(v)), x(v)]))} + 1 ${s} >= ${num(sn.areaMu)}`);
    slack.uncovered.push(s);
    if (sn.grade !== null) {
      const g = sn.grade;
      const lhs = terms(vs.map((v) => [muOf(P(v)) * (gradeBound(P(v)) - g), x(v)]));
      rows.push(`grade${n}: ${lhs} - 1 ${u} <= ${num(-sn.gradeBase)}`);
      slack.excess.push(u);
    }
    const paddy = vs.filter((v) => P(v).paddyCapable);
    if (sn.paddyMu > 0) {
      rows.push(`paddy${n}: ${terms(paddy.map((v) => [muOf(P(v)), x(v)]))} + 1 ${t} >= ${num(sn.paddyMu)}`);
      slack.shortfall.push(t);
    }
    const sug = vs.filter((v) => P(v).result === "建议恢复"),
      can = vs.filter((v) => P(v).result === "可以恢复");
    if (sug.length > 0 && can.length > 0) {
      const y = `y${n}`;
      binaries.push(y);
      rows.push(`open${n}: ${terms(sug.map((v) => [1, x(v)]))} - ${sug.length} ${y} <= 0`);
      for (const v of can) {
        rows.push(
          `first${n}_${v}: ${terms(byPiece.get(vars[v].piece)!.map((w) => [1, x(w)]))} - 1 ${y} >= 0`,
        );
      }
    }
    const d = spec.dominance?.[n];
    if (d) {
      const tol = num(TOL * Math.max(1, sn.areaMu));
      d.classShare.forEach((share, k) => {
        if (share <= 0) return;
        const lhs = terms(vs.map((v) => [muOf(P(v)) * ((CLASS_RANK[P(v).cls] <= k ? 1 : 0) - share), x(v)]));
        if (lhs) rows.push(`dcls${n}_${k}: ${lhs} >= -${tol}`);
      });
      if (d.pbfShare > 0) {
        const lhs = terms(vs.map((v) => [muOf(P(v)) * ((P(v).adjoinsPbf ? 1 : 0) - d.pbfShare), x(v)]));
        if (lhs) rows.push(`dpbf${n}: ${lhs} >= -${tol}`);
      }
      const lg = terms(vs.map((v) => [muOf(P(v)) * (gradeBound(P(v)) - d.gradeMean), x(v)]));
      if (lg) rows.push(`dgrd${n}: ${lg} <= ${tol}`);
      const ls = terms(sug.map((v) => [muOf(P(v)), x(v)]));
      if (ls) rows.push(`dsug${n}: ${ls} <= ${num(relaxed(d.suggestedMu))}`);
    }
  });
  for (const [, vs] of [...byPiece].sort((a, b) => a[0] - b[0])) {
    if (vs.length > 1) rows.push(`once${vars[vs[0]].piece}: ${terms(vs.map((v) => [1, x(v)]))} <= 1`);
  }
  for (const key of ["uncovered", "excess", "shortfall"] as const) {
    const b = spec.bounds[key];
    if (b !== undefined && slack[key].length > 0) {
      rows.push(`tier_${key}: ${terms(slack[key].map((s) => [1, s]))} <= ${num(relaxed(b))}`);
    }
  }
  const obj = spec.objective === "cost"
    ? terms(vars.map((v, k) => [costOfRounded(problem.pieces[v.piece]), x(k)]))
    : terms(slack[spec.objective].map((s) => [1, s]));
  const text = [
    "Minimize",
    ` obj: ${obj || "0 x0"}`,
    "Subject To",
    ...rows.map((r) => ` ${r}`),
    "Binary",
    ` ${binaries.join(" ")}`,
    "End",
    "",
  ].join("\n");
  return { text, vars };
}

/** Cost coefficient of a piece (万元), rounded to 1e-9 so that equal costs stay equal in text. */
function costOfRounded(p: PoolPiece): number {
  return Math.round(costOf(p) * 1e9) / 1e9;
}

/**
 * The assignment of a solution (x values above 0.5 are chosen).
 *
 * @example
 * ```ts
 * assignmentFrom(problem, lp.vars, { x0: 1, x1: 0 })[lp.vars[0].piece]; // lp.vars[0].need
 * ```
 */
export function assignmentFrom(
  problem: ScopeProblem,
  vars: readonly { piece: number; need: number }[],
  values: Readonly<Record<string, number>>,
): Assignment {
  const a = new Int32Array(problem.pieces.length).fill(-1);
  vars.forEach((v, k) => {
    if ((values[`x${k}`] ?? 0) > 0.5) {
      if (a[v.piece] >= 0) throw new Error(`求解结果无效：图斑 ${problem.pieces[v.piece].bsm} 被选用两次`);
      a[v.piece] = v.need;
    }
  });
  return a;
}

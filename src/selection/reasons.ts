/**
 * Reasons a reviewer can read (Chinese): for each chosen piece, why it (its rank in the
 * documented order, grade, cost, adjacency, the level that used it) and why not the next-best
 * piece left unchosen; for each unchosen piece open to a need, why it was left. Each "why not"
 * is checked, not asserted: the swap or addition is evaluated against the requirements
 * (area, grade, paddy), the rule (建议恢复 only after 可以恢复), the rule-order reference, and
 * the cost.
 *
 * @example
 * ```ts
 * const why = scopeReasons(problem, decision, { name: (c) => names.get(c) ?? null });
 * why.chosen.get(index);   // "选入：可以恢复，集中连片潜力图斑I型，…。本县潜力图斑。未选 9001…#2：同为可以恢复，成本 6.20 万元/亩高于已选 2.40 万元/亩；…"
 * why.unused.get(index2);  // "可用于 900101 县 2024 年转出（本县平衡），未选：…"
 * ```
 * @module
 */
import { CLASS_LABELS } from "../screen/labels.ts";
import { CLASS_RANK, preferenceOrder, UNGRADED_AS } from "./pool.ts";
import {
  type Assignment,
  costOf,
  gradeBound,
  muOf,
  needMetrics,
  type ScopeProblem,
  TOL,
} from "./model.ts";
import type { ScopeSolve } from "./optimal.ts";
import { orderedEligible } from "./greedy.ts";
import { describePiece, fixed, gradeText, LEVEL_LABELS, pieceId } from "./labels.ts";
import type { PoolPiece } from "./types.ts";

/** Options: a namer for admin codes. */
export interface ReasonOptions {
  name?: (code: string) => string | null;
}

/** Reasons of one scope, by piece index. */
export interface ScopeReasons {
  chosen: Map<number, string>;
  unused: Map<number, string>;
}

/** Running sums of a need, for O(1) what-if checks. */
interface Sums {
  area: number;
  paddy: number;
  gsum: number;
  cost: number;
  sug: number;
  pbf: number;
  cls: [number, number, number];
  /** Eligible 可以恢复 pieces nobody uses. */
  canUnused: number;
  sugCount: number;
}

function sumsOf(problem: ScopeProblem, a: Assignment, n: number): Sums {
  const m = needMetrics(problem, a, n);
  const sn = problem.needs[n];
  let canUnused = 0, sugCount = 0;
  for (const i of sn.eligible) {
    const p = problem.pieces[i];
    if (p.result === "可以恢复" && a[i] < 0) canUnused++;
    if (p.result === "建议恢复" && a[i] === n) sugCount++;
  }
  return {
    area: m.areaMu,
    paddy: m.paddyMu,
    gsum: m.gradeSum,
    cost: m.costWan,
    sug: m.suggestedMu,
    pbf: m.pbfMu,
    cls: [...m.classCum] as [number, number, number],
    canUnused,
    sugCount,
  };
}

/** Adds a piece to sums in place (sign +1 add, −1 remove). */
function apply(s: Sums, p: PoolPiece, sign: number): void {
  const mu = muOf(p) * sign;
  const r = CLASS_RANK[p.cls];
  s.area += mu;
  if (p.paddyCapable) s.paddy += mu;
  s.gsum += mu * gradeBound(p);
  s.cost += costOf(p) * sign;
  if (p.result === "建议恢复") {
    s.sug += mu;
    s.sugCount += sign;
  } else s.canUnused -= sign;
  if (p.adjoinsPbf) s.pbf += mu;
  for (let k = r; k < 3; k++) s.cls[k] += mu;
}

/** Outcome of a what-if: the failing condition (0: holds), its amount, and the cost change. */
interface Check {
  fail: number;
  amount: number;
  delta: number;
}

/** Failure texts by code (1–3 requirements, 4–5 rule, 6–9 rule-order reference). */
const FAIL_TEXT: Record<number, (amount: number) => string> = {
  1: (x) => `面积将不足（差 ${fixed(x)} 亩）`,
  2: (x) => `平均等别将劣于转出（差 ${fixed(x)} 亩·等）`,
  3: (x) => `可作水田面积将不足（差 ${fixed(x)} 亩）`,
  4: () => "将在可以恢复的图斑未用尽时取用建议恢复",
  5: () => "将使另一县在可以恢复未用尽时已取用建议恢复",
  6: () => "集中连片类别占比将低于按规则顺序选取的结果",
  7: () => "毗邻永久基本农田占比将低于按规则顺序选取的结果",
  8: () => "平均等别将劣于按规则顺序选取的结果",
  9: () => "建议恢复面积将多于按规则顺序选取的结果",
};

/** The text of a failed check. */
function failText(c: Check): string {
  return FAIL_TEXT[c.fail](c.amount);
}

/** What-if evaluator of one scope decision. */
class WhatIf {
  readonly base: Sums[];
  readonly opened: boolean[];
  readonly open: Set<number>[];
  readonly #s: Sums = {
    area: 0,
    paddy: 0,
    gsum: 0,
    cost: 0,
    sug: 0,
    pbf: 0,
    cls: [0, 0, 0],
    canUnused: 0,
    sugCount: 0,
  };
  constructor(readonly problem: ScopeProblem, readonly d: ScopeSolve) {
    this.open = problem.needs.map((sn) => new Set(sn.eligible));
    this.base = problem.needs.map((_, n) => sumsOf(problem, d.assignment, n));
    this.opened = this.base.map((s) => s.sugCount > 0);
  }

  /** Requirement slack k (0 area, 1 grade excess, 2 paddy) of need n for given sums. */
  slack(n: number, s: Sums, k: number): number {
    const sn = this.problem.needs[n];
    if (k === 0) return Math.max(0, sn.areaMu - s.area);
    if (k === 2) return Math.max(0, sn.paddyMu - s.paddy);
    return sn.grade === null ? 0 : Math.max(0, sn.gradeBase + s.gsum - sn.grade * s.area);
  }

  /** Whether need n is fully met now. */
  met(n: number): boolean {
    return [0, 1, 2].every((k) => this.slack(n, this.base[n], k) <= TOL);
  }

  /** Whether removing `out` and adding `inn` (either may be null) for need n holds, and if not why. */
  check(n: number, out: number | null, inn: number | null): Check {
    const P = this.problem.pieces, b = this.base[n], s = this.#s;
    s.area = b.area;
    s.paddy = b.paddy;
    s.gsum = b.gsum;
    s.cost = b.cost;
    s.sug = b.sug;
    s.pbf = b.pbf;
    s.cls[0] = b.cls[0];
    s.cls[1] = b.cls[1];
    s.cls[2] = b.cls[2];
    s.canUnused = b.canUnused;
    s.sugCount = b.sugCount;
    if (out !== null) apply(s, P[out], -1);
    if (inn !== null) apply(s, P[inn], +1);
    const delta = s.cost - b.cost;
    if (s.sugCount > 0 && s.canUnused > 0) return { fail: 4, amount: 0, delta };
    if (out !== null && P[out].result === "可以恢复") {
      for (let k = 0; k < this.problem.needs.length; k++) {
        if (k !== n && this.opened[k] && this.open[k].has(out)) return { fail: 5, amount: 0, delta };
      }
    }
    for (let k = 0; k < 3; k++) {
      const after = this.slack(n, s, k);
      if (after > this.slack(n, b, k) + TOL) return { fail: k + 1, amount: after, delta };
    }
    const dom = this.d.dominance?.[n];
    if (dom && s.area > 0) {
      const tol = TOL * Math.max(1, s.area);
      for (let k = 0; k < 3; k++) {
        if (s.cls[k] - dom.classShare[k] * s.area < -tol) return { fail: 6, amount: 0, delta };
      }
      if (s.pbf - dom.pbfShare * s.area < -tol) return { fail: 7, amount: 0, delta };
      if (s.gsum - dom.gradeMean * s.area > tol) return { fail: 8, amount: 0, delta };
      if (s.sug > dom.suggestedMu + tol) return { fail: 9, amount: 0, delta };
    }
    return { fail: 0, amount: 0, delta };
  }
}

function code(name: ReasonOptions["name"], c: string): string {
  const nm = name?.(c) ?? null;
  return nm ? `${nm}（${c}）` : c;
}

/** The first attribute (in the documented order) where q differs from p, as text about q. */
function difference(p: PoolPiece, q: PoolPiece): string {
  const common: string[] = [];
  if (p.result !== q.result) {
    return q.result === "建议恢复" ? "为建议恢复，可以恢复的图斑未用尽前不取用" : "为可以恢复";
  }
  common.push(`同为${q.result}`);
  const lead = () => common.join("、") + "，";
  if (p.cls !== q.cls) {
    return `${lead()}类别为${CLASS_LABELS[q.cls]}，${
      CLASS_RANK[q.cls] > CLASS_RANK[p.cls] ? "次于" : "优于"
    }已选的${CLASS_LABELS[p.cls]}`;
  }
  common.push(CLASS_LABELS[q.cls]);
  if (p.adjoinsPbf !== q.adjoinsPbf) {
    return `${lead()}${q.adjoinsPbf ? "毗邻永久基本农田，优于已选" : "不毗邻永久基本农田"}`;
  }
  const gp = p.grade ?? UNGRADED_AS + 0.5, gq = q.grade ?? UNGRADED_AS + 0.5;
  if (gp !== gq) return `${lead()}${gradeText(q)}${gq > gp ? "劣于" : "优于"}已选（${gradeText(p)}）`;
  if (p.costPerMu !== q.costPerMu) {
    return `${lead()}成本 ${fixed(q.costPerMu)} 万元/亩${q.costPerMu > p.costPerMu ? "高于" : "低于"}已选 ${
      fixed(p.costPerMu)
    } 万元/亩`;
  }
  return `${lead()}等别、成本相同，BSM、部件号排序${preferenceOrder(q, p) > 0 ? "在后" : "在前"}`;
}

function consequence(r: Check, what: string): string {
  if (r.fail) return `；${what}，${failText(r)}`;
  if (r.delta > 1e-7) return `；${what}成本增加 ${fixed(r.delta, 2)} 万元`;
  if (r.delta < -1e-7) return `；${what}成本可减少 ${fixed(-r.delta, 2)} 万元（本结果未经成本优化）`;
  return `；${what}成本相同，取规则顺序在前者`;
}

/**
 * The reasons of a scope decision (see the module doc).
 *
 * @example
 * ```ts
 * scopeReasons(problem, solveScope(problem, solve)).chosen.size; // pieces chosen
 * ```
 */
export function scopeReasons(problem: ScopeProblem, d: ScopeSolve, opts: ReasonOptions = {}): ScopeReasons {
  const a = d.assignment, P = problem.pieces;
  const w = new WhatIf(problem, d);
  const chosen = new Map<number, string>(), unused = new Map<number, string>();
  problem.needs.forEach((sn, n) => {
    const order = orderedEligible(problem, n);
    const mine = order.filter((i) => a[i] === n);
    const free = order.filter((i) => a[i] < 0);
    const forWhom = code(opts.name, sn.need.county);
    for (const i of mine) {
      const p = P[i];
      const where = problem.level === "county"
        ? "本县潜力图斑，用于本县转出"
        : `${LEVEL_LABELS[problem.level]}：${code(opts.name, p.county)} 的剩余图斑，补 ${forWhom} 的缺口`;
      const q = free[0];
      const whyNot = q === undefined
        ? `${LEVEL_LABELS[problem.level]}范围内可用图斑已全部选用`
        : `未选 ${pieceId(P[q])}：${difference(p, P[q])}${consequence(w.check(n, i, q), "以其替换本图斑")}`;
      chosen.set(i, `选入：${describePiece(p)}。${where}。${whyNot}`);
    }
    for (const q of free) {
      if (unused.has(q)) continue;
      const head = `可用于 ${forWhom} ${sn.need.year} 年转出（${LEVEL_LABELS[problem.level]}），未选：`;
      if (P[q].result === "建议恢复" && w.base[n].canUnused > 0) {
        unused.set(q, `${head}建议恢复，可以恢复的图斑尚未用尽，按规则不取用`);
        continue;
      }
      const add = w.check(n, null, q);
      const met = w.met(n);
      const addText = add.fail
        ? `加选，${failText(add)}`
        : met
        ? `面积、质量、水田要求已由已选图斑满足，加选只会增加成本 ${fixed(add.delta)} 万元`
        : `加选不能改善尚未满足的要求，只会增加成本 ${fixed(add.delta)} 万元`;
      let best: { p: number; delta: number } | null = null,
        nearest: { p: number; check: Check } | null = null;
      for (const p of mine) {
        const r = w.check(n, p, q);
        if (!r.fail) {
          if (!best || r.delta < best.delta - 1e-9) best = { p, delta: r.delta };
        } else if (
          !nearest || Math.abs(P[p].areaM2 - P[q].areaM2) < Math.abs(P[nearest.p].areaM2 - P[q].areaM2)
        ) {
          nearest = { p, check: r };
        }
      }
      const swapText = best
        ? (best.delta >= -1e-7
          ? `以其替换已选 ${pieceId(P[best.p])} 虽仍满足要求，但成本${
            best.delta > 1e-7 ? `增加 ${fixed(best.delta)} 万元` : "相同、规则顺序在后"
          }`
          : `以其替换已选 ${pieceId(P[best.p])} 成本可减少 ${fixed(-best.delta)} 万元（本结果未经成本优化）`)
        : nearest
        ? `替换任一已选图斑都不满足要求（如替换 ${pieceId(P[nearest.p])}，${failText(nearest.check)}）`
        : "";
      unused.set(q, `${head}${addText}${swapText ? "；" + swapText : ""}`);
    }
  });
  return { chosen, unused };
}

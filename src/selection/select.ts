/**
 * Selection of restorations (DOMAIN.md §4.6): from the potential pool, choose whole pieces
 * that cover each county's out-flow of the year — 面积不减少，质量有提高，布局有优化 — county
 * first, then the leftover pools of the other counties of its city, then of the other cities
 * of its province. Each scope is solved by {@link solveScope} (HiGHS, lexicographic tiers:
 * area → grade → paddy → cost, with the rule 建议恢复 only after 可以恢复 and the rule-order
 * reference) or by the rule order alone ({@link selectGreedy}). What a level leaves — area,
 * grade excess, paddy — passes to the next. Years are served in order; a piece serves once.
 *
 * Pure and deterministic: pool and needs are put in canonical order first (BSM and part;
 * year and county), so the same inputs in any order give the same choices.
 *
 * @example
 * ```ts
 * const { pool } = await buildPool(pieces, imported, { pbfLayer });
 * const r = await selectRestorations(needs, pool);
 * r.needs[0].summary;   // "900101 2024 年转出 …"
 * r.choices[0].reason;  // "选入：可以恢复，集中连片潜力图斑I型，…"
 * ```
 * @module
 */
import type { OutflowNeed } from "../outflow/types.ts";
import type { Choice, CoverLevel, PoolPiece } from "./types.ts";
import { byBsmPart, pieceKey, preferenceOrder, UNGRADED_AS } from "./pool.ts";
import { gradeBound, muOf, type ScopeNeed, type ScopeProblem, TOL } from "./model.ts";
import { greedyDecision, type ScopeSolve, solveScope } from "./optimal.ts";
import { loadSolver } from "./solver.ts";
import { scopeReasons } from "./reasons.ts";
import { fixed, type GradeStatus, LEVEL_LABELS } from "./labels.ts";
import { M2_PER_MU } from "../units/area.ts";
import type {
  LevelCover,
  NeedResult,
  SelectionResult,
  SelectOptions,
  SolveRecord,
  UnusedPiece,
} from "./types.ts";

export type {
  LevelCover,
  NeedResult,
  SelectionResult,
  SelectOptions,
  SolveRecord,
  UnusedPiece,
} from "./types.ts";

const LEVELS: readonly CoverLevel[] = ["county", "city", "province"];

/** Running state of one need. */
interface NeedState {
  need: OutflowNeed;
  gradeApplies: boolean;
  areaMu: number;
  paddyMu: number;
  /** Σ a(ĝ − G) of what was chosen, 亩·等. */
  gradeBase: number;
  chosen: Choice[];
  levels: LevelCover[];
}

function scopeOf(level: CoverLevel, n: OutflowNeed): string {
  return level === "county" ? n.county : level === "city" ? n.city : n.province;
}

/** Whether a piece is open to a need at a level (own county; the city's others; the province's other cities). */
function opens(level: CoverLevel, n: OutflowNeed, p: PoolPiece): boolean {
  if (level === "county") return p.county === n.county;
  if (level === "city") return p.city === n.city && p.county !== n.county;
  return p.province === n.province && p.city !== n.city;
}

function remains(s: NeedState): boolean {
  return s.areaMu > TOL || s.paddyMu > TOL || (s.gradeApplies && s.gradeBase > TOL);
}

function checkInputs(needs: readonly OutflowNeed[], pool: readonly PoolPiece[]): void {
  const seen = new Set<string>();
  for (const n of needs) {
    const key = `${n.county}/${n.year}`;
    if (seen.has(key)) {
      throw new Error(`转出需求重复：${n.county} ${n.year} 年出现两次（每县每年应合并为一条）`);
    }
    seen.add(key);
    if (!(n.areaM2 >= 0) || !(n.paddyM2 >= 0) || n.paddyM2 > n.areaM2 + 1e-6) {
      throw new Error(
        `转出需求 ${key} 面积无效：面积 ${n.areaM2}，水田 ${n.paddyM2}（应为非负数且水田不大于面积）`,
      );
    }
    if (n.grade !== null && !(n.grade >= 1 && n.grade <= 15)) {
      throw new Error(`转出需求 ${key} 的等别应在 1–15，收到 ${n.grade}`);
    }
  }
  const keys = new Set<string>();
  for (const p of pool) {
    if (keys.has(pieceKey(p))) throw new Error(`潜力库图斑重复：${pieceKey(p)}`);
    keys.add(pieceKey(p));
  }
}

/** Runs the levels for every need with the given scope decision. */
function runSelection(
  needs: readonly OutflowNeed[],
  poolIn: readonly PoolPiece[],
  opts: SelectOptions,
  method: SelectionResult["method"],
  decide: (p: ScopeProblem) => ScopeSolve,
): SelectionResult {
  checkInputs(needs, poolIn);
  const pool = [...poolIn].sort(byBsmPart);
  const gradedProvinces = new Set(pool.filter((p) => p.grade !== null).map((p) => p.province));
  const states: NeedState[] = [...needs]
    .sort((a, b) => a.year - b.year || (a.county < b.county ? -1 : a.county > b.county ? 1 : 0))
    .map((need) => ({
      need,
      gradeApplies: need.grade !== null && gradedProvinces.has(need.province),
      areaMu: need.areaM2 / M2_PER_MU,
      paddyMu: need.paddyM2 / M2_PER_MU,
      gradeBase: 0,
      chosen: [],
      levels: [],
    }));
  const used = new Uint8Array(pool.length);
  const unusedWhy = new Map<number, string[]>();
  // Forest and grassland without the forestry-and-grassland authority's consent (seed 004 §2(2)).
  const blocked = pool.map((p) => p.forestConsent === "pending" && (opts.pendingConsent ?? "exclude") === "exclude");
  blocked.forEach((b, i) => {
    if (b) unusedWhy.set(i, [PENDING_CONSENT_REASON]);
  });
  const solves: SolveRecord[] = [];
  const years = [...new Set(states.map((s) => s.need.year))];
  for (const year of years) {
    for (const level of opts.levels ?? LEVELS) {
      const active = states.filter((s) => s.need.year === year && remains(s));
      const scopes = [...new Set(active.map((s) => scopeOf(level, s.need)))].sort();
      for (const scope of scopes) {
        const group = active.filter((s) => scopeOf(level, s.need) === scope);
        const idx = pool.map((_, i) => i).filter((i) =>
          !used[i] && !blocked[i] && group.some((s) => opens(level, s.need, pool[i]))
        );
        const local = new Map(idx.map((g, l) => [g, l]));
        const problem: ScopeProblem = {
          level,
          scope,
          pieces: idx.map((i) => pool[i]),
          needs: group.map((s, n): ScopeNeed => ({
            id: n,
            need: s.need,
            areaMu: s.areaMu,
            paddyMu: s.paddyMu,
            grade: s.gradeApplies ? s.need.grade : null,
            gradeBase: s.gradeBase,
            eligible: idx.filter((i) => opens(level, s.need, pool[i])).map((i) => local.get(i)!),
          })),
        };
        const d = idx.length > 0 ? decide(problem) : null;
        const why = d ? scopeReasons(d.problem, d, { name: opts.name }) : null;
        group.forEach((s, n) => {
          const mine = d ? problem.needs[n].eligible.filter((l) => d.assignment[l] === n) : [];
          mine.sort((i, j) => preferenceOrder(problem.pieces[i], problem.pieces[j]));
          const from = new Map<string, { county: string; areaM2: number; pieces: number }>();
          let area = 0, paddy = 0, cost = 0;
          for (const l of mine) {
            const p = problem.pieces[l], mu = muOf(p);
            used[idx[l]] = 1;
            s.chosen.push({ piece: p, forCounty: s.need.county, year, level, reason: why!.chosen.get(l)! });
            s.areaMu -= mu;
            if (p.paddyCapable) s.paddyMu -= mu;
            if (s.gradeApplies) s.gradeBase += mu * (gradeBound(p) - s.need.grade!);
            area += p.areaM2;
            if (p.paddyCapable) paddy += p.areaM2;
            cost += p.costPerMu * mu;
            const f = from.get(p.county) ?? { county: p.county, areaM2: 0, pieces: 0 };
            f.areaM2 += p.areaM2;
            f.pieces++;
            from.set(p.county, f);
          }
          s.levels.push({
            level,
            scope,
            areaM2: area,
            paddyM2: paddy,
            costWan: cost,
            pieces: mine.length,
            from: [...from.values()].sort((a, b) => (a.county < b.county ? -1 : 1)),
            remainingM2: Math.max(0, s.areaMu) * M2_PER_MU,
            remainingPaddyM2: Math.max(0, s.paddyMu) * M2_PER_MU,
            remainingExcess: s.gradeApplies ? Math.max(0, s.gradeBase) : 0,
            open: problem.needs[n].eligible.length,
          });
        });
        if (why) {
          for (const [l, text] of why.unused) {
            if (d!.assignment[l] < 0) unusedWhy.set(idx[l], [...(unusedWhy.get(idx[l]) ?? []), text]);
          }
        }
        if (d) {
          let cost = 0;
          d.assignment.forEach((n, l) => {
            if (n >= 0) cost += problem.pieces[l].costPerMu * muOf(problem.pieces[l]);
          });
          solves.push({
            year,
            level,
            scope,
            counties: group.map((s) => s.need.county),
            pieces: idx.length,
            method: d.method,
            tiers: d.tiers,
            greedyCost: d.greedy.cost,
            greedyMeets: d.greedy.meets,
            cost,
            referenceHeld: d.dominance !== null,
            ms: d.ms,
            notes: d.notes,
          });
        }
      }
    }
  }
  const results = states.map((s) => needResult(s, opts.name));
  const unused: UnusedPiece[] = pool.flatMap((piece, i) =>
    used[i] ? [] : [{
      piece,
      reason: reasonsText(unusedWhy.get(i)) ??
        "未参与选择：所在县无需由它覆盖的转出，同市、同省其他县调剂时也没有它可补的剩余缺口",
    }]
  );
  const fallbacks = solves.filter((s) => s.method === "greedy-fallback").length;
  const notes = [
    `转出需求 ${results.length} 条，选入图斑 ${
      results.reduce((t, r) => t + r.choices.length, 0)
    } 个，未选 ${unused.length} 个`,
    ...(fallbacks ? [`${fallbacks} 个范围采用了规则顺序结果（见求解记录）`] : []),
  ];
  return { method, needs: results, choices: results.flatMap((r) => r.choices), unused, solves, notes };
}

/** Why a forest or grassland piece without consent was not chosen. */
export const PENDING_CONSENT_REASON = "待林草部门同意：林地、草地整治为耕地需经林草主管部门同意（种子文献 004），未列入同意清单，未选用";

/** The first scope's reason of an unused piece, and the last one's when it was open to several. */
function reasonsText(list: string[] | undefined): string | undefined {
  if (!list || list.length === 0) return undefined;
  return list.length === 1 ? list[0] : `${list[0]}。其后${list[list.length - 1]}`;
}

function needResult(s: NeedState, name?: (code: string) => string | null): NeedResult {
  const ps = s.chosen.map((c) => c.piece);
  const sum = (f: (p: PoolPiece) => number) => ps.reduce((t, p) => t + f(p), 0);
  const covered = sum((p) => p.areaM2), paddy = sum((p) => (p.paddyCapable ? p.areaM2 : 0));
  const graded = ps.filter((p) => p.grade !== null);
  const gArea = graded.reduce((t, p) => t + p.areaM2, 0);
  const gradeIn = gArea > 0 ? graded.reduce((t, p) => t + p.areaM2 * p.grade!, 0) / gArea : null;
  const gradeBoundIn = covered > 0 ? sum((p) => p.areaM2 * (p.grade ?? UNGRADED_AS)) / covered : null;
  const G = s.need.grade;
  const status: GradeStatus = G === null
    ? "不适用"
    : gradeIn === null
    ? "未评定"
    : gradeBoundIn! <= G + 1e-9
    ? "达到"
    : "未达到";
  const cost = sum((p) => p.costPerMu * muOf(p));
  const uncovered = Math.max(0, s.need.areaM2 - covered), short = Math.max(0, s.need.paddyM2 - paddy);
  const mu = (m2: number) => fixed(m2 / M2_PER_MU);
  const byLevel = s.levels.filter((l) => l.areaM2 > 0).map((l) =>
    `${LEVEL_LABELS[l.level]} ${mu(l.areaM2)} 亩`
  ).join("、");
  const ungraded = covered - gArea;
  const nm = name?.(s.need.county) ?? null;
  const summary = `${nm ? `${nm}（${s.need.county}）` : s.need.county} ${s.need.year} 年转出 ${
    mu(s.need.areaM2)
  } 亩（水田 ${mu(s.need.paddyM2)} 亩，平均等别 ${G === null ? "未评定" : fixed(G)}）：选入 ${ps.length} 块 ${
    mu(covered)
  } 亩${byLevel ? `（${byLevel}）` : ""}，可作水田 ${mu(paddy)} 亩，平均等别 ${
    gradeIn === null ? "未评定" : fixed(gradeIn)
  }${
    ungraded > 1e-6 ? `（另有未评定 ${mu(ungraded)} 亩，按 15 等计为 ${fixed(gradeBoundIn!)}）` : ""
  }，恢复成本 ${fixed(cost)} 万元；剩余缺口 ${mu(uncovered)} 亩，水田短缺 ${mu(short)} 亩；质量：${status}`;
  return {
    need: s.need,
    choices: s.chosen,
    levels: s.levels,
    coveredM2: covered,
    uncoveredM2: uncovered,
    paddyM2: paddy,
    paddyShortfallM2: short,
    gradeIn,
    ungradedM2: ungraded,
    gradeBoundIn,
    gradeStatus: status,
    gradeApplied: s.gradeApplies,
    costWan: cost,
    summary,
  };
}

/**
 * Selects restorations with HiGHS (see the module doc and optimal.ts).
 *
 * @example
 * ```ts
 * const r = await selectRestorations(needs, pool, { timeLimitS: 30 });
 * r.solves.every((s) => !s.greedyMeets || s.cost <= s.greedyCost + 1e-6); // true
 * ```
 */
export async function selectRestorations(
  needs: readonly OutflowNeed[],
  pool: readonly PoolPiece[],
  opts: SelectOptions = {},
): Promise<SelectionResult> {
  if (opts.method === "greedy") return selectGreedy(needs, pool, opts);
  const solve = await loadSolver();
  return runSelection(
    needs,
    pool,
    opts,
    "optimal",
    (p) =>
      solveScope(p, solve, { timeLimitS: opts.timeLimitS, relGap: opts.relGap, reference: opts.reference }),
  );
}

/**
 * The rule-order baseline through the same levels (no solver).
 *
 * @example
 * ```ts
 * selectGreedy(needs, pool).method; // "greedy"
 * ```
 */
export function selectGreedy(
  needs: readonly OutflowNeed[],
  pool: readonly PoolPiece[],
  opts: SelectOptions = {},
): SelectionResult {
  return runSelection(needs, pool, opts, "greedy", greedyDecision);
}

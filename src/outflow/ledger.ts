/**
 * The out-flow ledger (进出平衡 转出, DOMAIN.md §5) of one county or more, as one function
 * over loaded data: for each pair of consecutive survey years, the farmland of year t−1
 * that left farmland in year t (./compare.ts), split among the exempt-loss records
 * and projects of year t that cover it (the rest is the farmers' own, 县级兜底), each part
 * split again by permanent basic farmland (→ 整改恢复), timed against the two 2020 notices
 * and given a status (./rules.ts decideStatus). Out of it come the entries, the
 * project checks and coverage, the unmatched parcels and the {@link OutflowNeed} per county
 * and year (status "balance" only).
 *
 * Area of a part = TBDLMJ of the t−1 parcel × the part's planar share (DOMAIN.md §3); the
 * parts of a parcel sum to its TBDLMJ exactly, so changed farmland = balance + pending +
 * restore + exempt + zhanbu + other + unmatched, per county and year.
 *
 * @example
 * ```ts
 * const ledger = await buildOutflowLedger({ surveys: [{ year: 2023, table: t23 }, { year: 2024, table: t24 }],
 *   projects, pbf: pbfLayer.geometry, unstable: null });
 * ledger.needs; // [{ county: "900101", year: 2024, areaM2: 51234.5, grade: 6.2, paddyM2: 20000, … }]
 * ```
 * @module
 */
import { isLivestock, plannedNeed } from "./planned.ts";
import type { ParcelTable } from "../ingest/parcel_table.ts";
import { createOverlay, localOrigin, type Overlay, type PolygonSet } from "../geom/overlay.ts";
import { featurePlanarArea, polygonColumnFromRings, type PolygonColumn } from "../geom/types.ts";
import { FeatureIndex } from "../geom/spatial_index.ts";
import type { OutflowNeed, OutflowTownship } from "./types.ts";
import type { EntryStatus, OutflowEntry, OutflowLedger, OutflowProject, OutflowRules, ProjectCoverage, ProjectSummary, UnmatchedParcel } from "./types.ts";
import { baseClass, changeKind, decideStatus, EXEMPT_LABELS, isFarmCode, noticePhase, outflowRules, ownershipOf, projectApproved, projectDate, projectFlags, unstableByAttributes } from "./rules.ts";
import { type ChangePiece, compareYears } from "./compare.ts";
import { type Sink, splitPiece } from "./split.ts";
import { methodNotes } from "./notes.ts";

/** What {@link buildOutflowLedger} works on. */
export interface OutflowInput {
  /** Survey tables by year; each year is compared with the one before it. Same CRS for all. */
  surveys: { year: number; table: ParcelTable }[];
  /** Projects and exempt-loss records of all years (their `year` picks the comparison). */
  projects: OutflowProject[];
  /** Permanent basic farmland (永久基本农田) in the survey's CRS, or null. */
  pbf: PolygonColumn | null;
  /** Configured unstable-farmland layer in the survey's CRS, or null. */
  unstable: PolygonColumn | null;
  rules?: Partial<OutflowRules>;
  /** Problems the readers already found (kept in the ledger). */
  problems?: string[];
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);
/** TBDLMJ of row k, 0 when missing (reported as a problem). */
const areaOf = (t: ParcelTable, k: number): number => (Number.isFinite(t.num.TBDLMJ[k]) ? t.num.TBDLMJ[k] : 0);

/** Builds the ledger. Needs geometry for attribution by overlay; attribute-only tables fall back to BSM lists. */
export async function buildOutflowLedger(input: OutflowInput): Promise<OutflowLedger> {
  const rules = outflowRules(input.rules);
  const surveys = [...input.surveys].sort((a, b) => a.year - b.year);
  if (surveys.length < 2) throw new Error("转出台账至少需要相邻两个年度的图斑数据");
  const problems = [...(input.problems ?? [])];
  const consent = new Set(rules.consentBsm);
  const first = surveys[0].table;
  const ov = first.geometry ? await createOverlay({ origin: localOrigin(first.geometry) }) : null;
  const entries: OutflowEntry[] = [], coverage: ProjectCoverage[] = [], unmatched: UnmatchedParcel[] = [];
  const changed: Record<number, number> = {};
  const projectPbf = new Map<string, number>();
  try {
    const pbfSet = ov && input.pbf ? ov.unionLayer(input.pbf) : null;
    const unstableSet = ov && input.unstable ? ov.unionLayer(input.unstable) : null;
    for (let y = 1; y < surveys.length; y++) {
      const { year, table: cur } = surveys[y];
      const prev = surveys[y - 1].table;
      if (surveys[y - 1].year !== year - 1) problems.push(`${surveys[y - 1].year} 年与 ${year} 年不是相邻年度，按两期比较处理`);
      const county = cur.text.county[0] ?? prev.text.county[0] ?? "";
      const cmp = compareYears(prev, cur, ov, rules, { year, county });
      unmatched.push(...cmp.unmatched);
      const projects = input.projects.filter((p) => p.year === year)
        .sort((a, b) => Number(b.exempt != null) - Number(a.exempt != null) || a.id.localeCompare(b.id));
      const sets = projects.map((p) => (ov && p.geometry ? ov.unionLayer(p.geometry) : null));
      try {
        const sinks: Sink[] = projects.map((p, i) => ({ set: sets[i], bsms: sets[i] ? null : new Set(p.parcelBsm) }));
        for (const piece of cmp.pieces) {
          const k = piece.prevRow;
          if (!Number.isFinite(prev.num.TBDLMJ[k])) {
            problems.push(`${prev.text.source_file[k]} 第 ${prev.num.source_row[k]} 条（BSM ${prev.text.BSM[k] ?? "无"}）：字段 TBDLMJ 为空或无效（TBMJ ${prev.num.TBMJ[k]}），该图斑的转出面积按 0 计`);
          }
          const out = entriesOf(piece, prev, cur, year, projects, sinks, ov, pbfSet, unstableSet, rules, consent);
          entries.push(...out);
          changed[year] = (changed[year] ?? 0) + areaOf(prev, k) * piece.share;
        }
        changed[year] ??= 0;
        coverage.push(...projectCoverage(prev, cur, year, projects, sets, ov, cmp.pieces));
        if (ov && pbfSet) {
          projects.forEach((p) => p.geometry && projectPbf.set(p.id, ov.overlapArea(p.geometry, 0, pbfSet)));
        }
      } finally {
        for (const s of sets) s?.dispose();
      }
    }
  } finally {
    ov?.dispose();
  }
  const years = surveys.slice(1).map((s) => s.year);
  const summaries = projectSummaries(input.projects, entries, coverage, projectPbf, years, surveys[0].table);
  const needs = outflowNeeds(entries, surveys, years);
  const t = surveys[surveys.length - 1].table;
  const where = { province: t.text.province[0] ?? "", city: t.text.city[0] ?? "", county: t.text.county[0] ?? "" };
  const plannedNeeds = await plannedNeeds_(t, input.projects, surveys[surveys.length - 1].year, where);
  return {
    ...where,
    years, entries, projects: summaries, coverage, unmatched, changedFarmlandM2: changed, needs, plannedNeeds, problems,
    notes: methodNotes(rules), rules,
  };
}

/** The planned out-flow of every project year after the latest survey (`last`), measured on it. */
async function plannedNeeds_(
  latest: ParcelTable,
  projects: readonly OutflowProject[],
  last: number,
  where: { county: string; city: string; province: string },
): Promise<OutflowNeed[]> {
  const years = [...new Set(projects.map((p) => p.year).filter((y) => y > last))].sort((a, b) => a - b);
  if (years.length === 0) return [];
  const ov = latest.geometry ? await createOverlay({ origin: localOrigin(latest.geometry) }) : null;
  try {
    return years.flatMap((y) => plannedNeed(latest, projects, y, ov, where) ?? []);
  } finally {
    ov?.dispose();
  }
}

/** The entries of one change piece: split among records, then by permanent basic farmland. */
function entriesOf(
  piece: ChangePiece, prev: ParcelTable, cur: ParcelTable, year: number, projects: OutflowProject[], sinks: Sink[],
  ov: Overlay | null, pbf: PolygonSet | null, unstable: PolygonSet | null, rules: OutflowRules, consent: Set<string>,
): OutflowEntry[] {
  const k = piece.prevRow, j = piece.curRow;
  const bsm = prev.text.BSM[k] ?? `第${prev.num.source_row[k]}条`;
  const loc = j ?? k, locT = j != null ? cur : prev;
  const fromCode = prev.text.DLBM[k]!;
  const area = areaOf(prev, k) * piece.share;
  const attrUnstable = unstableByAttributes(prev.text.TBXHDM[k], num(prev.num.GDPDJB[k]), rules);
  const base: OutflowEntry = {
    year, province: locT.text.province[loc] ?? "", city: locT.text.city[loc] ?? "", county: locT.text.county[loc] ?? "",
    township: locT.text.township[loc], village: locT.text.village[loc],
    zldwdm: locT.text.ZLDWDM[loc], zldwmc: locT.text.ZLDWMC[loc],
    bsm, bsmAfter: j != null ? cur.text.BSM[j] : null, matchedBy: piece.matchedBy,
    fromCode, fromClass: baseClass(fromCode), toCode: piece.toCode, toClass: piece.toCode ? baseClass(piece.toCode) : null,
    kind: "other", status: "unmatched", areaM2: area, share: piece.share, attribution: "farmer",
    projectId: null, projectType: null, exempt: null, approved: null, phase: "通知后", phaseDate: null, phaseBasis: "",
    consent: "不适用", ownership: ownershipOf(locT.text.QSXZ[loc]), qsxz: locT.text.QSXZ[loc],
    gddb: num(prev.num.GDDB[k]), gdpdjb: num(prev.num.GDPDJB[k]), tbxhdm: prev.text.TBXHDM[k],
    zzsxBefore: prev.text.ZZSXDM[k], zzsxAfter: j != null ? cur.text.ZZSXDM[j] : null,
    unstableM2: attrUnstable ? area : 0, unstableReason: attrUnstable, note: "",
  };
  const phaseOf = (p: OutflowProject | null) => noticePhase({ year, date: p ? projectDate(p) : null, projectType: p?.type ?? null }, rules);
  if (j == null || !piece.toCode) {
    const ph = phaseOf(null);
    return [{ ...base, phase: ph.phase, phaseBasis: ph.basis, note: `未匹配：${year} 年没有图斑覆盖此部分，需核实（不作推断）` }];
  }
  const kind = changeKind(piece.toCode, rules);
  if (!isFarmCode(fromCode)) throw new Error(`内部错误：${bsm} 不是耕地`);
  let parts = [{ sink: -1, share: 1, pbfShare: 0, unstableShare: 0 }];
  if (kind !== "construction" && ov && prev.geometry) {
    const col = piece.rings ? polygonColumnFromRings([piece.rings]) : prev.geometry;
    parts = splitPiece(ov, col, piece.rings ? 0 : k, prev.text.BSM[k] ?? "", sinks, pbf, unstable, rules.shareEpsilon);
  } else if (kind !== "construction") {
    const i = sinks.findIndex((s) => s.bsms?.has(prev.text.BSM[k] ?? ""));
    if (i >= 0) parts = [{ sink: i, share: 1, pbfShare: 0, unstableShare: 0 }];
  }
  const out: OutflowEntry[] = [];
  const matchNote = piece.matchedBy === "overlap" ? `；按叠加匹配 ${year} 年图斑 ${base.bsmAfter}` : "";
  for (const part of parts) {
    const p = part.sink >= 0 ? projects[part.sink] : null;
    const cover = p?.exempt ? "exempt" : p ? "project" : "farmer";
    const ph = phaseOf(p);
    const approved = p && !p.exempt ? projectApproved(p) : null;
    const a = area * part.share;
    const split = cover !== "exempt" && part.pbfShare > 0 ? [[true, part.pbfShare], [false, 1 - part.pbfShare]] as const : [[false, 1]] as const;
    for (const [inPbf, s] of split) {
      if (s <= 0) continue;
      const st = decideStatus({ kind, cover, inPbf, phase: ph.phase, approved, consented: rules.consentAll || consent.has(bsm) }, rules);
      const areaM2 = a * s;
      const uShare = attrUnstable ? 1 : part.unstableShare;
      out.push({
        ...base, kind, status: st.status, areaM2, share: piece.share * part.share * s, attribution: cover,
        projectId: p?.id ?? null, projectType: p?.type ?? null, exempt: p?.exempt ?? null, approved,
        phase: ph.phase, phaseDate: ph.date, phaseBasis: ph.basis, consent: st.consent,
        unstableM2: areaM2 * uShare, unstableReason: attrUnstable ?? (uShare > 0 ? "不稳定耕地图层" : null),
        note: (p?.exempt ? `${EXEMPT_LABELS[p.exempt]}：` : "") + st.note + matchNote,
      });
    }
  }
  return out;
}

/** Farmland of year t−1 each project of year t covers (TBDLMJ × planar share). */
function projectCoverage(
  prev: ParcelTable, cur: ParcelTable, year: number, projects: OutflowProject[], sets: (PolygonSet | null)[],
  ov: Overlay | null, pieces: ChangePiece[],
): ProjectCoverage[] {
  const changedRows = new Set(pieces.filter((p) => p.toCode != null).map((p) => p.prevRow));
  const curByBsm = new Map<string, number>();
  cur.text.BSM.forEach((b, j) => b != null && curByBsm.set(b, j));
  const toCode = (k: number) => {
    const j = curByBsm.get(prev.text.BSM[k] ?? "");
    return j == null ? null : cur.text.DLBM[j];
  };
  const farm: number[] = [];
  for (let k = 0; k < prev.length; k++) if (isFarmCode(prev.text.DLBM[k])) farm.push(k);
  const index = prev.geometry ? FeatureIndex.build(prev.geometry, farm) : null;
  const out: ProjectCoverage[] = [];
  projects.forEach((p, i) => {
    const hits: [number, number][] = [];
    if (sets[i] && index && ov && prev.geometry) {
      for (const k of index.search(sets[i]!.bbox).sort((a, b) => a - b)) {
        const planar = featurePlanarArea(prev.geometry, k);
        const o = ov.overlapArea(prev.geometry, k, sets[i]!);
        if (planar > 0 && o > 1e-9 * planar) hits.push([k, Math.min(1, o / planar)]);
      }
    } else {
      const set = new Set(p.parcelBsm);
      for (const k of farm) if (set.has(prev.text.BSM[k] ?? "")) hits.push([k, 1]);
    }
    for (const [k, share] of hits) {
      out.push({
        projectId: p.id, year, bsm: prev.text.BSM[k] ?? "", fromCode: prev.text.DLBM[k]!, toCode: toCode(k),
        share, areaM2: areaOf(prev, k) * share, changed: changedRows.has(k),
      });
    }
  });
  return out;
}

function projectSummaries(
  projects: OutflowProject[], entries: OutflowEntry[], coverage: ProjectCoverage[], pbf: Map<string, number>,
  years: number[], t: ParcelTable,
): ProjectSummary[] {
  return [...projects].sort((a, b) => a.year - b.year || a.id.localeCompare(b.id)).map((p) => {
    const byStatus: Partial<Record<EntryStatus, number>> = {};
    for (const e of entries) if (e.projectId === p.id) byStatus[e.status] = (byStatus[e.status] ?? 0) + e.areaM2;
    const cov = coverage.filter((c) => c.projectId === p.id);
    const flags = projectFlags(p);
    const pbfM2 = pbf.get(p.id) ?? 0;
    if (pbfM2 > 0) flags.push(`涉及永久基本农田 ${pbfM2.toFixed(2)} 平方米（几何面积）`);
    if (p.year > Math.max(...years)) {
      flags.push(`计划项目（${p.year} 年）：按最新调查测算覆盖的耕地，列入年度方案的计划转出${isLivestock(p) ? "（养殖设施用地，单列）" : ""}`);
    } else if (!years.includes(p.year)) flags.push(`年度 ${p.year} 不在比较年份（${years.join("、")}）内，未参与归属`);
    const coveredFarmlandM2 = cov.reduce((s, c) => s + c.areaM2, 0);
    const changedM2 = cov.filter((c) => c.changed).reduce((s, c) => s + c.areaM2, 0);
    if (years.includes(p.year) && coveredFarmlandM2 > 0 && changedM2 < coveredFarmlandM2 * 0.999) {
      flags.push(`覆盖的耕地中 ${(coveredFarmlandM2 - changedM2).toFixed(2)} 平方米在 ${p.year} 年仍为耕地`);
    }
    if (years.includes(p.year) && coveredFarmlandM2 === 0) flags.push("未覆盖上一年度耕地");
    return {
      project: p, county: (p.zldwdm ?? "").slice(0, 6) || (t.text.county[0] ?? ""),
      planarM2: p.geometry ? featurePlanarArea(p.geometry, 0) : null,
      coveredFarmlandM2, changedM2, pbfPlanarM2: pbfM2, byStatus, flags,
    };
  });
}

/** Area, paddy and area-weighted grade (over the graded part) of some entries. */
function totals(es: OutflowEntry[]): { areaM2: number; paddyM2: number; grade: number | null } {
  let areaM2 = 0, paddyM2 = 0, graded = 0, weighted = 0;
  for (const e of es) {
    areaM2 += e.areaM2;
    if (e.fromClass === "0101") paddyM2 += e.areaM2;
    if (e.gddb != null) {
      graded += e.areaM2;
      weighted += e.areaM2 * e.gddb;
    }
  }
  return { areaM2, paddyM2, grade: graded > 0 ? weighted / graded : null };
}

/**
 * {@link OutflowNeed} per county and year from the entries of status "balance": total,
 * area-weighted GDDB over the graded part, and 水田 (0101). Every county that appears in the
 * surveys gets a row for every compared year, zero when nothing went out; `townships` splits it
 * by 乡镇 (9-digit code, "" when unknown) for the annual plan.
 *
 * @example
 * ```ts
 * outflowNeeds(ledger.entries, surveys, [2024]); // [{ county: "900101", year: 2024, areaM2: …, grade: …, paddyM2: … }]
 * ```
 */
export function outflowNeeds(
  entries: OutflowEntry[],
  surveys: { year: number; table: ParcelTable }[],
  years: number[],
): OutflowNeed[] {
  const counties = new Map<string, { city: string; province: string }>();
  for (const { table } of surveys) {
    for (let i = 0; i < table.length; i++) {
      const c = table.text.county[i];
      if (c && !counties.has(c)) counties.set(c, { city: table.text.city[i] ?? "", province: table.text.province[i] ?? "" });
    }
  }
  const out: OutflowNeed[] = [];
  for (const [county, admin] of [...counties].sort((a, b) => a[0].localeCompare(b[0]))) {
    for (const year of years) {
      const sel = entries.filter((e) => e.county === county && e.year === year && e.status === "balance");
      const towns = [...new Set(sel.map((e) => e.township ?? ""))].sort();
      const townships: OutflowTownship[] = towns.map((t) => ({ township: t, ...totals(sel.filter((e) => (e.township ?? "") === t)) }));
      out.push({ county, city: admin.city, province: admin.province, year, ...totals(sel), townships });
    }
  }
  return out;
}

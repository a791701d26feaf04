/**
 * The 占补平衡 audit (DOMAIN.md §1, seed 000 §2 and §4.1): checks occupation and supplement
 * records against the land surveys by BSM, raises every named check with its evidence, keeps
 * exempt national key projects apart, balances each county and year (quantity, quality, paddy,
 * capacity, fragmentation, ecology), shows the quota trades on both sides, and judges each
 * county-year by its region type's red lines.
 *
 * @example
 * ```ts
 * const cfg = await loadAuditConfig();
 * const result = await auditDataDir("data/demo", cfg);          // the demo province
 * result.flags.filter((f) => f.code === "occupy_more_supplement_less");
 * result.verdicts.find((v) => v.county === "900103");
 * ```
 * @module
 */
// @ts-types="@types/d3-array"
import { group, rollup } from "d3-array";
import { type Engine, openEngine } from "../db/engine.ts";
import type { AuditConfig } from "./config.ts";
import type {
  AuditFlag,
  CountyYearBalance,
  OccupationBalance,
  OccupationRecord,
  QuotaTrade,
  SupplementFacts,
  SupplementRecord,
  SurveySource,
  ZoneAreas,
} from "./types.ts";
import { buildFacts, insertGeometry, insertRecords, insertSurvey, resolveParcels } from "./db.ts";
import { PARCELS_FOR_GEOMETRY_SQL } from "./sql.ts";
import { projectFigures } from "./projects.ts";
import { occupationFlags, supplementFlags } from "./flags.ts";
import { countyYearBalance, quotaTrades } from "./balance.ts";
import { type RedlineVerdict, redlineVerdict, type RegionTypeOf, regionTypeOf } from "./redlines.ts";
import { readAdminUnits, readOccupations, readSupplements } from "./records.ts";
import { fileSurvey } from "./survey.ts";
import { FLAG_CODES } from "./types.ts";
import type { SurveyTrace } from "./types.ts";

/** What the audit reads. */
export interface AuditInput {
  occupations: OccupationRecord[];
  supplements: SupplementRecord[];
  survey: SurveySource;
  /** County code → region type (admin_units.csv region_type). */
  adminTypes?: ReadonlyMap<string, string>;
  /** Unit code → name (admin_units.csv). */
  names?: ReadonlyMap<string, string>;
  /** The admin_units.csv that was looked for and not found (named in the warning), if any. */
  missingAdminFile?: string;
}

/** Options of {@link runAudit}. */
export interface AuditOptions {
  /** Audit only the occupations and supplements of this year (and the supplements linked to them). */
  year?: number;
  /** Engine to use (default: a new in-memory one, closed at the end). */
  engine?: Engine;
}

/** A national key project's occupation, with what the checks would have said (never a violation). */
export interface ExemptProject {
  occupation: OccupationBalance;
  flags: AuditFlag[];
}

/** Everything the audit found. */
export interface AuditResult {
  config: AuditConfig;
  year: number | null;
  occupations: OccupationBalance[];
  supplements: SupplementFacts[];
  /** Violations (non-exempt findings), in check order, then county, year, project. */
  flags: AuditFlag[];
  exempt: ExemptProject[];
  balance: CountyYearBalance[];
  verdicts: RedlineVerdict[];
  trades: QuotaTrade[];
  /** Parcels gone from a later survey and how they were traced (re-numbered, or not found). */
  traces: SurveyTrace[];
  /** Supplemented parcels gone from the latest survey that no parcel holds: 待核实, not a finding. */
  pending: PendingParcel[];
  regionTypes: Map<string, RegionTypeOf>;
  /** Unit code → name, as given in the input. */
  names: ReadonlyMap<string, string>;
  notes: string[];
}

/**
 * The warning for counties whose region type is the configured default because nothing named one
 * (no admin_units.csv, no region_type in it, nothing in the configuration), or null when none is.
 * It starts with 警告 so the CLI prints it; it also reaches method.txt and the briefing's method.
 */
export function defaultTypeWarning(
  regionTypes: ReadonlyMap<string, RegionTypeOf>,
  cfg: AuditConfig,
  missingAdminFile?: string,
): string | null {
  const counties = [...regionTypes].filter(([, t]) => t.source === "default").map(([c]) => c).sort();
  if (counties.length === 0) return null;
  const type = cfg.assignment.default;
  const why = missingAdminFile
    ? `未找到行政区表 ${missingAdminFile}`
    : "行政区表 admin_units.csv 中没有这些县的 region_type，配置中也未指定";
  const fragile = Object.entries(cfg.regionTypes).filter(([, r]) => r.allowMarginalRetreat).map(([, r]) => r.label);
  return `警告：${why}，${counties.length} 个县（${counties.join("、")}）按默认地区类型“${
    cfg.regionTypes[type]?.label ?? type
  }”判定红线${fragile.length ? `；${fragile.join("、")}的边际耕地退出规则不适用于这些县` : ""}。请在 admin_units.csv 的 region_type 列填写地区类型。`;
}

/** A supplemented parcel to verify on the ground: gone from the latest survey, held by no parcel. */
export interface PendingParcel {
  supplementId: string;
  county: string;
  year: number;
  bsm: string;
  /** What the tracing found (Chinese). */
  found: string;
}

/** Appends to each finding how its re-numbered parcels were traced, so a reader sees why. */
function withTraces(flags: AuditFlag[], traces: readonly SurveyTrace[]): void {
  if (traces.length === 0) return;
  const byBsm = new Map<string, string[]>();
  for (const t of traces) byBsm.set(t.bsm, [...(byBsm.get(t.bsm) ?? []), t.text]);
  for (const f of flags) {
    const texts = f.bsms.flatMap((b) => byBsm.get(b) ?? []);
    if (texts.length) f.evidence += `（图斑追溯：${[...new Set(texts)].join("；")}）`;
  }
}

/** Runs the audit on records and a survey source. */
export async function runAudit(
  input: AuditInput,
  cfg: AuditConfig,
  opts: AuditOptions = {},
): Promise<AuditResult> {
  const year = opts.year ?? null;
  const occ = year === null ? input.occupations : input.occupations.filter((o) => o.year === year);
  const occIds = new Set(occ.map((o) => o.id));
  const sup = year === null
    ? input.supplements
    : input.supplements.filter((s) =>
      s.year === year || (s.occupationId !== null && occIds.has(s.occupationId))
    );
  const notes: string[] = [];
  const known = new Set(input.occupations.map((o) => o.id));
  for (const s of sup) {
    if (s.occupationId && !known.has(s.occupationId)) {
      notes.push(`补充项目 ${s.id} 关联的占用项目 ${s.occupationId} 不在占用记录中，按未关联补充处理`);
    }
  }
  const engine = opts.engine ?? await openEngine();
  try {
    await insertRecords(engine, occ, sup);
    const bsms = new Set([...occ.flatMap((o) => o.bsms), ...sup.flatMap((s) => s.bsms)]);
    const years = input.survey.years();
    await insertSurvey(engine, await input.survey.rows(bsms), years, cfg);
    const traces = input.survey.traces?.() ?? [];
    const vanished = new Set(traces.filter((t) => t.how === "none").map((t) => t.bsm));
    await resolveParcels(engine);
    await geometry(engine, input.survey, cfg);
    await buildFacts(engine, cfg);
    const { occupations, supplements } = await projectFigures(engine, cfg, sup, vanished);

    const regionTypes = new Map<string, RegionTypeOf>();
    const typeOf = (county: string) => {
      let t = regionTypes.get(county);
      if (!t) regionTypes.set(county, t = regionTypeOf(county, input.adminTypes ?? new Map(), cfg));
      return t.type;
    };
    const all: AuditFlag[] = [];
    for (const o of occupations) all.push(...occupationFlags(o, cfg.regionTypes[typeOf(o.county)], cfg));
    for (const s of supplements) all.push(...supplementFlags(s, cfg));
    const order = (f: AuditFlag) => FLAG_CODES.indexOf(f.code);
    all.sort((a, b) =>
      order(a) - order(b) || a.county.localeCompare(b.county) || a.year - b.year ||
      (a.occupationIds[0] ?? a.supplementIds[0] ?? "").localeCompare(
        b.occupationIds[0] ?? b.supplementIds[0] ?? "",
      ) ||
      (a.sub ?? "").localeCompare(b.sub ?? "")
    );
    withTraces(all, traces);
    const flags = all.filter((f) => !f.exempt);
    const pending: PendingParcel[] = supplements.flatMap((s) =>
      (s.parts.unverified?.bsms ?? []).map((bsm) => ({
        supplementId: s.id,
        county: s.county,
        year: s.year,
        bsm,
        found: traces.filter((t) => t.bsm === bsm).map((t) => t.text).join("；") || "最新调查中无此图斑",
      }))
    );
    const exempt = occupations.filter((o) => o.keyProject).map((o) => ({
      occupation: o,
      flags: all.filter((f) => f.exempt && f.occupationIds.includes(o.id)),
    }));
    const name = (c: string) => input.names?.get(c) ?? null;
    const balance = await countyYearBalance(engine, occupations, supplements, typeOf, name);
    const key = (c: string, y: number) => `${c}/${y}`;
    const byCy = group(flags, (f) => key(f.county, f.year));
    for (const b of balance) b.violations = byCy.get(key(b.county, b.year))?.length ?? 0;
    const verdicts = balance.map((b) => redlineVerdict(b, byCy.get(key(b.county, b.year)) ?? [], cfg));
    const warning = defaultTypeWarning(regionTypes, cfg, input.missingAdminFile);
    for (const s of supplements) {
      if (s.source === "record" && s.sellerProvince !== null) {
        notes.push(
          `跨省域补充 ${s.id}（${s.sellerProvince}）无卖方地块，数量、质量按记录计，未作生态与撂荒核查`,
        );
      }
    }
    return {
      config: cfg,
      year,
      occupations,
      supplements,
      flags,
      exempt,
      balance,
      verdicts,
      trades: quotaTrades(occupations, supplements),
      traces,
      pending,
      regionTypes,
      names: input.names ?? new Map(),
      notes: [...(warning ? [warning] : []), ...input.survey.notes(), ...notes],
    };
  } finally {
    if (!opts.engine) await engine.close();
  }
}

/** Zone areas of every listed farmland parcel and patches per project side, into DuckDB. */
async function geometry(engine: Engine, survey: SurveySource, cfg: AuditConfig): Promise<void> {
  const parcels = await engine.rows<
    { side: string; id: string; county: string; state_year: number; bsm: string }
  >(
    PARCELS_FOR_GEOMETRY_SQL,
  );
  const byCy = rollup(parcels, (v) => new Set(v.map((p) => p.bsm)), (p) => `${p.county}/${p.state_year}`);
  const byProject = rollup(
    parcels,
    (v) => ({ side: v[0].side, id: v[0].id, county: v[0].county, year: v[0].state_year, bsms: v.map((p) => p.bsm) }),
    (p) => `${p.side}/${p.id}/${p.county}/${p.state_year}`,
  );
  const projectsOf = group([...byProject.values()], (p) => `${p.county}/${p.year}`);
  // County-year by county-year, as the survey keeps only so many parcels' surveys (the counties
  // used least recently let go): the zone areas, then the patches of each project side there;
  // patches are numbered afterwards, in project order.
  const zones: { year: number; z: ZoneAreas }[] = [];
  const zoneOf = new Map<string, ZoneAreas>();
  const groupsOf = new Map<object, [string, string[][]][]>();
  const f = cfg.audit.fragmentation, b = cfg.audit.block;
  for (const [k, set] of [...byCy].sort((a, b) => a[0].localeCompare(b[0]))) {
    const [county, y] = k.split("/");
    for (const z of await survey.zoneAreas(county, Number(y), [...set].sort())) {
      zones.push({ year: Number(y), z });
      zoneOf.set(`${y}/${z.bsm}`, z);
    }
    for (const p of projectsOf.get(k) ?? []) {
      const got: [string, string[][]][] = [[p.side, await survey.patches(p.county, p.year, p.bsms, f.gapM)]];
      groupsOf.set(p, got);
      if (p.side !== "occ") continue;
      for (
        const [side, pick] of [["occ_pbf", (z: ZoneAreas) => z.pbfM2], [
          "occ_hsf",
          (z: ZoneAreas) => z.hsfM2,
        ]] as const
      ) {
        const inside = p.bsms.filter((bsm) => (pick(zoneOf.get(`${p.year}/${bsm}`)!) ?? 0) > 0);
        if (inside.length) got.push([side, await survey.patches(p.county, p.year, inside, b.gapM)]);
      }
    }
  }
  const patches: { side: string; id: string; bsm: string; patch: number }[] = [];
  const counter = new Map<string, number>();
  for (const p of byProject.values()) {
    for (const [side, groups] of groupsOf.get(p) ?? []) {
      let n = counter.get(`${side}/${p.id}`) ?? 0;
      for (const g of groups) {
        for (const bsm of g) patches.push({ side, id: p.id, bsm, patch: n });
        n++;
      }
      counter.set(`${side}/${p.id}`, n);
    }
  }
  await insertGeometry(engine, zones, patches);
}

/**
 * Reads a data folder (zhanbu/occupation.xlsx, zhanbu/supplement.xlsx, admin_units.csv when
 * present, county folders with DLTB_<year> surveys and layers) and runs the audit.
 */
export async function auditDataDir(
  dir: string,
  cfg: AuditConfig,
  opts: AuditOptions = {},
): Promise<AuditResult> {
  const occPath = `${dir}/zhanbu/occupation.xlsx`, supPath = `${dir}/zhanbu/supplement.xlsx`;
  const occupations = readOccupations(occPath);
  const supplements = readSupplements(supPath);
  const adminTypes = new Map<string, string>();
  const names = new Map<string, string>();
  let hasAdmin = true;
  try {
    await Deno.stat(`${dir}/admin_units.csv`);
  } catch {
    hasAdmin = false;
  }
  if (hasAdmin) {
    for (const u of await readAdminUnits(`${dir}/admin_units.csv`)) {
      names.set(u.code, u.name);
      if (u.regionType && (u.level === "county" || u.code.length === 6)) adminTypes.set(u.code, u.regionType);
    }
  }
  const survey = await fileSurvey(dir, cfg.audit);
  const missingAdminFile = hasAdmin ? undefined : `${dir}/admin_units.csv`;
  return await runAudit({ occupations, supplements, survey, adminTypes, names, missingAdminFile }, cfg, opts);
}

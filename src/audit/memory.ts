/**
 * A {@link SurveySource} held in memory: survey rows, optional zone areas per parcel and year,
 * and which parcels adjoin (touch or lie within the gap). For tests, notebooks and callers that
 * already hold the survey in a table; the file-backed source is {@link fileSurvey}.
 *
 * @example
 * ```ts
 * const src = memorySurvey({
 *   rows: [{ county: "900101", year: 2020, bsm: "A", dlbm: "0101", class4: "0101", zzsx: "LS",
 *            tbxh: null, tbdlmj: 10000, gddb: 3, gdpdjb: 1 }],
 *   zones: { "2020/A": { pbfM2: 10000 } },
 *   adjacent: [["A", "B"]],
 * });
 * ```
 * @module
 */
import type {
  OccupationRecord,
  SupplementRecord,
  SurveyRow,
  SurveySource,
  ZoneAreas,
} from "./types.ts";

/** Contents of an in-memory survey. */
export interface MemorySurveyInput {
  rows: SurveyRow[];
  /** `"<year>/<bsm>"` → areas inside layers (missing keys: 0 when `layers` lists the zone, else null). */
  zones?: Record<string, Partial<Omit<ZoneAreas, "bsm">>>;
  /** Zones for which layers exist (default all four). */
  layers?: ("slope" | "flood" | "pbf" | "hsf")[];
  /** Pairs of BSMs that adjoin (in every year). */
  adjacent?: [string, string][];
}

/** Builds the in-memory source. */
export function memorySurvey(input: MemorySurveyInput): SurveySource {
  const layers = new Set(input.layers ?? ["slope", "flood", "pbf", "hsf"]);
  const years = new Map<string, number[]>();
  for (const r of input.rows) {
    const y = years.get(r.county) ?? [];
    if (!y.includes(r.year)) y.push(r.year);
    years.set(r.county, y);
  }
  for (const y of years.values()) y.sort((a, b) => a - b);
  const adj = new Map<string, Set<string>>();
  for (const [a, b] of input.adjacent ?? []) {
    if (!adj.has(a)) adj.set(a, new Set());
    if (!adj.has(b)) adj.set(b, new Set());
    adj.get(a)!.add(b);
    adj.get(b)!.add(a);
  }
  const zone = (key: "slope" | "flood" | "pbf" | "hsf", v: number | null | undefined) =>
    layers.has(key) ? v ?? 0 : null;
  return {
    years: () => new Map(years),
    rows: (bsms) => Promise.resolve(input.rows.filter((r) => bsms.has(r.bsm)).map((r) => ({ ...r }))),
    zoneAreas: (_county, year, bsms) =>
      Promise.resolve(bsms.map((bsm) => {
        const z = input.zones?.[`${year}/${bsm}`] ?? {};
        return {
          bsm,
          slopeM2: zone("slope", z.slopeM2),
          floodM2: zone("flood", z.floodM2),
          pbfM2: zone("pbf", z.pbfM2),
          hsfM2: zone("hsf", z.hsfM2),
        };
      })),
    patches: (_county, _year, bsms) => {
      const set = new Set(bsms);
      const seen = new Set<string>();
      const groups: string[][] = [];
      for (const b of bsms) {
        if (seen.has(b)) continue;
        const g: string[] = [];
        const stack = [b];
        seen.add(b);
        while (stack.length) {
          const x = stack.pop()!;
          g.push(x);
          for (const y of adj.get(x) ?? []) {
            if (set.has(y) && !seen.has(y)) {
              seen.add(y);
              stack.push(y);
            }
          }
        }
        groups.push(g.sort());
      }
      return Promise.resolve(groups);
    },
    notes: () => ["调查图斑：内存数据"],
  };
}

/** A survey row with defaults (farmland 0103, grade 5, slope grade 2, 10,000 m², LS) for tests and notebooks. */
export function surveyRow(r: Partial<SurveyRow> & Pick<SurveyRow, "county" | "year" | "bsm">): SurveyRow {
  const dlbm = r.dlbm ?? "0103";
  const farm = dlbm.startsWith("01");
  return {
    class4: dlbm.slice(0, 4),
    zzsx: farm ? "LS" : null,
    tbxh: null,
    tbdlmj: 10000,
    gddb: farm ? 5 : null,
    gdpdjb: farm ? 2 : null,
    ...r,
    dlbm,
  };
}

/** An occupation record with defaults (not a key project, figures from the survey). */
export function occupationRecord(
  r: Partial<OccupationRecord> & Pick<OccupationRecord, "id" | "county" | "year">,
): OccupationRecord {
  return {
    name: r.id,
    keyProject: false,
    areaM2: null,
    paddyM2: null,
    grade: null,
    pbfM2: null,
    hsfM2: null,
    largestBlockM2: null,
    bsms: [],
    ...r,
  };
}

/** A supplement record with defaults (not linked, not cross-province, figures from the survey). */
export function supplementRecord(
  r: Partial<SupplementRecord> & Pick<SupplementRecord, "id" | "county" | "year">,
): SupplementRecord {
  return {
    name: r.id,
    areaM2: null,
    paddyM2: null,
    grade: null,
    steepM2: null,
    priorClasses: [],
    occupationId: null,
    bsms: [],
    sellerProvince: null,
    ...r,
  };
}

/**
 * Survey rows of one parcel through the years: `states` maps a year to its fields (each row
 * built with {@link surveyRow}'s defaults).
 *
 * @example
 * ```ts
 * parcelHistory("900101", "C", { 2020: { dlbm: "0404" }, 2021: { dlbm: "0101", gddb: 3 } });
 * ```
 */
export function parcelHistory(
  county: string,
  bsm: string,
  states: Record<number, Partial<SurveyRow>>,
): SurveyRow[] {
  return Object.entries(states).map(([year, s]) => surveyRow({ county, year: Number(year), bsm, ...s }));
}

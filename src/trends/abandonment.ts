/**
 * Abandonment (撂荒率) per county: abandoned farmland (ZZSXDM = WG, or parcels a field survey
 * lists as abandoned) over farmland area, both in TBDLMJ; counties whose rate exceeds (>, the
 * seed's 超过) the line (default 20%) are flagged, a rate of exactly 20% is not. Each county has
 * a terrain class (plain / hill / mountain): from configuration when given, otherwise from the
 * slope grades of its farmland by a default rule of this workspace (labelled as such).
 *
 * @example
 * ```ts
 * abandonmentRates([{ year: 2024, county: "900301", farmlandM2: 100, abandonedM2: 20, slopeM2: [0, 0, 50, 40, 10] }]);
 * // [{ …, rate: 0.2, flagged: false, terrain: "mountain", terrainSource: "slope" }]
 * ```
 * @module
 */

/** Terrain classes. */
export type Terrain = "plain" | "hill" | "mountain";

/** Chinese labels of the terrain classes. */
export const TERRAIN_LABELS: Readonly<Record<Terrain, string>> = Object.freeze({
  plain: "平原",
  hill: "丘陵",
  mountain: "山区",
});

/** The seed's abandonment line: above (>) 20% is flagged. */
export const ABANDONMENT_LINE = 0.2;

/**
 * The provinces seed 000 §2.2 (1) names as having mountain counties above 20% abandonment
 * (浙江、江西、湖南、广西、重庆、四川), for context in the report.
 */
export const SEED_ABANDONMENT_CONTEXT = Object.freeze({
  provinces: Object.freeze(["33", "36", "43", "45", "50", "51"]),
  names: "浙江、江西、湖南、广西、重庆、四川",
  text: "种子文献 000 §2.2（1）：“浙江、江西、湖南、广西、重庆、四川等多个省份的山区县撂荒率均已超过 20%”",
});

/** The default slope rule (ours, not the seed's): thresholds on farmland shares by slope grade. */
export interface TerrainRule {
  /** Share of farmland on grade ≥ 4 (> 15°) at or above which the county is mountain. */
  mountainShareGrade4Plus: number;
  /** Otherwise, share on grade ≥ 3 (> 6°) at or above which it is hill; else plain. */
  hillShareGrade3Plus: number;
  note: string;
}

/** Default terrain rule, labelled as this workspace's. */
export const DEFAULT_TERRAIN_RULE: TerrainRule = Object.freeze({
  mountainShareGrade4Plus: 0.15,
  hillShareGrade3Plus: 0.25,
  note:
    "由耕地坡度级别推算地形：坡度级别≥4（>15°）的耕地占比≥15% 为山区；否则坡度级别≥3（>6°）占比≥25% 为丘陵；其余为平原（默认，非原文规定）",
});

/** Terrain from farmland area by slope grade (index 0 = grade 1 … 4 = grade 5); null without farmland. */
export function terrainFromSlope(
  slopeM2: readonly number[],
  rule: TerrainRule = DEFAULT_TERRAIN_RULE,
): Terrain | null {
  const total = slopeM2.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  if (!(total > 0)) return null;
  const g4 = (slopeM2[3] ?? 0) + (slopeM2[4] ?? 0);
  const g3 = g4 + (slopeM2[2] ?? 0);
  if (g4 / total >= rule.mountainShareGrade4Plus) return "mountain";
  if (g3 / total >= rule.hillShareGrade3Plus) return "hill";
  return "plain";
}

/** Farmland and abandoned area of one county in one year. */
export interface CountyAbandonmentInput {
  year: number;
  county: string;
  farmlandM2: number;
  abandonedM2: number;
  /** Farmland TBDLMJ by slope grade 1–5 (index 0–4), for the slope rule. */
  slopeM2?: readonly number[];
}

/** One row of the abandonment table. */
export interface AbandonmentRow extends CountyAbandonmentInput {
  /** abandoned / farmland; NaN without farmland. */
  rate: number;
  /** rate > line (strictly). */
  flagged: boolean;
  line: number;
  terrain: Terrain | null;
  terrainSource: "config" | "slope" | "none";
  /** The slope rule's class even when configuration decides (to show disagreement). */
  terrainFromSlope: Terrain | null;
}

/** Options of {@link abandonmentRates}. */
export interface AbandonmentOptions {
  /** The line (share); default 0.2. */
  line?: number;
  /** Terrain per county from configuration. */
  terrain?: ReadonlyMap<string, Terrain>;
  rule?: TerrainRule;
}

/** Rates, flags and terrain per county-year, sorted by county then year. */
export function abandonmentRates(
  input: CountyAbandonmentInput[],
  opts: AbandonmentOptions = {},
): AbandonmentRow[] {
  const line = opts.line ?? ABANDONMENT_LINE;
  if (!(line >= 0 && line <= 1)) throw new RangeError(`撂荒率警戒线须在 0–1 之间，收到 ${line}`);
  return input
    .map((r) => {
      const rate = r.farmlandM2 > 0 ? r.abandonedM2 / r.farmlandM2 : NaN;
      const fromSlope = r.slopeM2 ? terrainFromSlope(r.slopeM2, opts.rule) : null;
      const configured = opts.terrain?.get(r.county) ?? null;
      return {
        ...r,
        rate,
        flagged: Number.isFinite(rate) && rate > line,
        line,
        terrain: configured ?? fromSlope,
        terrainSource: configured ? "config" : fromSlope ? "slope" : "none",
        terrainFromSlope: fromSlope,
      } as AbandonmentRow;
    })
    .sort((a, b) => a.county.localeCompare(b.county) || a.year - b.year);
}

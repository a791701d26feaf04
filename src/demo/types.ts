/**
 * Shared types of the demo province generator: options, the administrative plan, and the
 * manifest that records parameters, file fingerprints and the generator's own totals.
 *
 * @module
 */

/** Options of `generateDemo`. */
export interface DemoOptions {
  /** Output directory (created when missing). */
  out: string;
  /** PRNG seed; default {@link DEFAULT_SEED}. */
  seed?: number;
  /**
   * "province" (default): 3 cities × 3 counties, survey years 2019–2024 and every table.
   * `{ parcels: N }`: one benchmark county of about N parcels, latest year and constraints only.
   * `{ parcels: N, count: C }`: a province of C counties of about N parcels each, with every
   * table (projects, returns, 占补 records, PBF) of the years in `years`.
   */
  counties?: "province" | { parcels: number; count?: number };
  /** Survey years of a province (default 2019–2024); the last is the one screened and balanced. */
  years?: readonly number[];
  /**
   * Parcel shape: "grid" (default) merged rectangles of a jittered grid between straight
   * axis-aligned strips; "voronoi" Voronoi cells with road, ditch and highway strips at angles
   * noded into their edges, about a dozen vertices per parcel (a second shape for benchmarks).
   */
  shape?: DemoShape;
}

/** Parcel shape of the demo geometry. */
export type DemoShape = "grid" | "voronoi";

/** The default seed. */
export const DEFAULT_SEED: number = 20241231;
/** Version of the generator; changes whenever the same seed would give different files. */
export const GENERATOR_VERSION: string = "1.4.0";
/** Survey years of the province demo. */
export const DEMO_YEARS: readonly number[] = Object.freeze([2019, 2020, 2021, 2022, 2023, 2024]);

/** Terrain type of a county. */
export type Terrain = "plain" | "hill" | "mountain";
/** Region type for differentiated 占补 red lines (DOMAIN.md §1). */
export type RegionType = "developed" | "grain" | "fragile";

/** A village (村级调查区) of the plan. */
export interface DemoVillage {
  /** 12-digit village code. */
  code: string;
  name: string;
  /** 19-character ZLDWDM: the village code followed by "0000000". */
  zldwdm: string;
  /** Village centre (projected metres). */
  x: number;
  y: number;
  /** True for the township seat (镇区). */
  seat: boolean;
}

/** A township of the plan. */
export interface DemoTownship {
  /** 9-digit township code. */
  code: string;
  name: string;
  x: number;
  y: number;
  villages: DemoVillage[];
}

/** A county of the plan. */
export interface DemoCounty {
  /** 6-digit county code. */
  code: string;
  name: string;
  cityCode: string;
  cityName: string;
  terrain: Terrain;
  regionType: RegionType;
  /** South-west corner and size of the county rectangle (projected metres). */
  x0: number;
  y0: number;
  width: number;
  height: number;
  /** Whether the county's Shapefiles get a .cpg (one county has none: loaders must guess GBK). */
  writeCpg: boolean;
  /** Whether the plan puts this county's 2024 abandonment share above 20%. */
  highAbandonment: boolean;
  townships: DemoTownship[];
}

/** Totals of one county and survey year, summed from the rounded values written. */
export interface DemoYearTotals {
  parcels: number;
  farmlandParcels: number;
  farmlandTbmjM2: number;
  farmlandTbmjMu: number;
  farmlandTbdlmjM2: number;
  farmlandTbdlmjMu: number;
  /** TBDLMJ (m²) of 0101, 0102 and 0103. */
  classTbdlmjM2: Record<string, number>;
  /** Parcels of 02/03/04 (not 0404)/1104 with ZZSXDM JKHF or GCHF, wetland classes excluded. */
  candidates: number;
  candidateTbmjM2: number;
  /** TBDLMJ (m²) of farmland with ZZSXDM = WG. */
  abandonedTbdlmjM2: number;
  /** abandonedTbdlmjM2 / farmlandTbdlmjM2 (0 without farmland). */
  abandonmentShare: number;
}

/** One county in the manifest. */
export interface DemoManifestCounty {
  code: string;
  name: string;
  cityCode: string;
  cityName: string;
  terrain: Terrain;
  regionType: RegionType;
  hasCpg: boolean;
  highAbandonment: boolean;
  /** Totals by survey year (key "2019" …). */
  years: Record<string, DemoYearTotals>;
  /** Counts of the other tables written for the county. */
  tables: Record<string, number>;
}

/** A file written by the generator, with its SHA-256. */
export interface DemoFile {
  /** Path relative to the output directory, "/"-separated. */
  path: string;
  bytes: number;
  sha256: string;
}

/** The manifest written to `<out>/manifest.json` and returned by `generateDemo`. */
export interface DemoManifest {
  generator: string;
  version: string;
  seed: number;
  /** The options that shaped the data (mode, parcels target, years). */
  parameters: Record<string, unknown>;
  crs: { epsg: number; name: string; urn: string; wkt: string };
  province: { code: string; name: string };
  counties: DemoManifestCounty[];
  /** Rules used for the totals (candidate rule, units). */
  rules: Record<string, string>;
  files: DemoFile[];
  notes: string[];
}

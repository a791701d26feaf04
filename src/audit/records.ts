/**
 * Reads the 占补平衡 records: occupation.xlsx (one row per construction project) and
 * supplement.xlsx (one row per supplement project, with its 补充地块BSM list, 原地类 and, for a
 * cross-province purchase, the 跨省域卖方省份), plus admin_units.csv (county names and
 * region_type). Headers are matched by name (with or without the unit in brackets); a missing
 * required column is a Chinese error naming the file and the columns it has.
 *
 * @example
 * ```ts
 * const occ = readOccupations("data/demo/zhanbu/occupation.xlsx");
 * const sup = readSupplements("data/demo/zhanbu/supplement.xlsx");
 * const units = await readAdminUnits("data/demo/admin_units.csv");
 * ```
 * @module
 */
import { dictColumn, type DictTable, dictTable, enumCode, mapColumns, valuesText } from "../dictionary/tables.ts";
import { splitList } from "../units/lists.ts";
import { type Cell, rowNumber, type VectorLayer } from "../io/layer.ts";
import { readXlsx } from "../io/xlsx.ts";
import { readCsv } from "../io/csv.ts";
import type { OccupationRecord, SupplementRecord } from "./types.ts";

/** Accepted headers of each field (first found wins), from the data dictionary. */
const OCC = dictTable("occupation");
const SUP = dictTable("supplement");

function columnMap(layer: VectorLayer, table: DictTable, what: string): Map<string, string> {
  return mapColumns(table, layer.fields.map((f) => f.name), `${what}“${layer.source}”`);
}

function text(v: Cell): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === "" ? null : s;
}

function num(v: Cell, what: string): number | null {
  if (v === null || v === undefined || v === "") return null;
  const n = typeof v === "number" ? v : Number(String(v).replace(/,/g, "").trim());
  if (!Number.isFinite(n)) throw new Error(`${what} 应为数字，实为“${v}”`);
  return n;
}

function list(v: Cell): string[] {
  return splitList(text(v));
}

/** A 是/否 cell (blank: 否); any other value is an error naming the row and column. */
function yes(v: Cell, where: string): boolean {
  const code = enumCode(dictColumn("occupation", "key"), v);
  if (code === undefined) throw new Error(`${where}的值“${v}”无效，应为 ${valuesText(dictColumn("occupation", "key"))}`);
  return code === "是";
}

function rows(layer: VectorLayer, map: Map<string, string>, what: string) {
  const out: ((key: string) => Cell)[] = [];
  for (let i = 0; i < layer.length; i++) {
    out.push((key) => {
      const col = map.get(key);
      return col ? layer.columns[col][i] : null;
    });
  }
  const at = (i: number, key: string) => `${what}第 ${rowNumber(layer, i)} 行“${map.get(key) ?? key}”`;
  return { out, at };
}

/**
 * The fields every project row starts with (项目编号, 年度, 县代码, 项目名称), checked: the id is
 * present and unique in its table, the year an integer. Errors name the table, row and column.
 */
function recordHead(
  get: (key: string) => Cell,
  i: number,
  at: (i: number, key: string) => string,
  what: string,
  seen: Set<string>,
): { id: string; county: string; year: number; name: string } {
  const id = text(get("id"));
  if (!id) throw new Error(`${at(i, "id")}为空`);
  if (seen.has(id)) throw new Error(`${what}项目编号重复：${id}`);
  seen.add(id);
  const year = num(get("year"), at(i, "year"));
  if (year === null || !Number.isInteger(year)) throw new Error(`${at(i, "year")}应为整数年份`);
  return { id, county: text(get("county")) ?? "", year, name: text(get("name")) ?? id };
}

/** Parses an occupation table already read as a layer. */
export function occupationsFromLayer(layer: VectorLayer): OccupationRecord[] {
  const what = `占用耕地项目表“${layer.source}”`;
  const map = columnMap(layer, OCC, "占用耕地项目表");
  const { out, at } = rows(layer, map, what);
  const seen = new Set<string>();
  return out.map((get, i) => {
    return {
      ...recordHead(get, i, at, what, seen),
      keyProject: yes(get("key"), at(i, "key")),
      areaM2: num(get("area"), at(i, "area")),
      paddyM2: num(get("paddy"), at(i, "paddy")),
      grade: num(get("grade"), at(i, "grade")),
      pbfM2: num(get("pbf"), at(i, "pbf")),
      hsfM2: num(get("hsf"), at(i, "hsf")),
      largestBlockM2: num(get("block"), at(i, "block")),
      bsms: list(get("bsms")),
    };
  });
}

/** Parses a supplement table already read as a layer. */
export function supplementsFromLayer(layer: VectorLayer): SupplementRecord[] {
  const what = `补充耕地项目表“${layer.source}”`;
  const map = columnMap(layer, SUP, "补充耕地项目表");
  const { out, at } = rows(layer, map, what);
  const seen = new Set<string>();
  return out.map((get, i) => {
    return {
      ...recordHead(get, i, at, what, seen),
      areaM2: num(get("area"), at(i, "area")),
      paddyM2: num(get("paddy"), at(i, "paddy")),
      grade: num(get("grade"), at(i, "grade")),
      steepM2: num(get("steep"), at(i, "steep")),
      priorClasses: list(get("prior")),
      occupationId: text(get("occupation")),
      bsms: list(get("bsms")),
      sellerProvince: text(get("seller")),
    };
  });
}

/** Reads occupation.xlsx (first sheet). */
export function readOccupations(path: string): OccupationRecord[] {
  return occupationsFromLayer(readXlsx(path));
}

/** Reads supplement.xlsx (first sheet). */
export function readSupplements(path: string): SupplementRecord[] {
  return supplementsFromLayer(readXlsx(path));
}

/** One administrative unit of admin_units.csv. */
export interface AdminUnit {
  code: string;
  name: string;
  level: string;
  regionType: string | null;
}

/** Reads admin_units.csv (columns code, name, level, region_type; others ignored). */
export async function readAdminUnits(path: string): Promise<AdminUnit[]> {
  const t = await readCsv(path);
  mapColumns(dictTable("admin_units"), Object.keys(t.columns), `行政区表“${path}”`);
  const typeCol = dictColumn("admin_units", "region_type");
  const out: AdminUnit[] = [];
  for (let i = 0; i < t.length; i++) {
    out.push({
      code: String(t.columns.code[i] ?? ""),
      name: String(t.columns.name[i] ?? ""),
      level: enumCode(dictColumn("admin_units", "level"), t.columns.level?.[i] ?? null) ?? String(t.columns.level?.[i] ?? ""),
      // A code or its Chinese label (生态脆弱区 → fragile); other values go on to the configuration's check.
      regionType: enumCode(typeCol, t.columns.region_type?.[i] ?? null) ?? text(t.columns.region_type?.[i] ?? null),
    });
  }
  return out;
}

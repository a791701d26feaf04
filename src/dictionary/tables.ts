/**
 * The input data dictionary (data/reference/input_tables.json): for every input table its file,
 * each column's header, accepted aliases, type, unit, allowed values with their Chinese labels,
 * whether it is required, and an example. The readers take their headers and values from here,
 * and the documentation (data/reference/input_tables.md) and the templates (`template --out`)
 * are made from it, so the three cannot disagree.
 *
 * @example
 * ```ts
 * const t = dictTable("occupation");
 * const map = mapColumns(t, Object.keys(layer.columns), "占用耕地项目表“a.xlsx”"); // key → header found
 * enumCode(dictColumn("admin_units", "region_type"), "生态脆弱区"); // "fragile"
 * ```
 * @module
 */

/** A value an enumerated column accepts: its code, Chinese label and other spellings. */
export interface DictValue {
  code: string;
  label: string;
  aliases?: string[];
}

/** One column of an input table. */
export interface DictColumn {
  key: string;
  header: string;
  aliases?: string[];
  type: "text" | "code" | "integer" | "number" | "date" | "yesno" | "enum" | "list";
  unit?: string;
  values?: DictValue[];
  /** An enum that also takes values not listed (the list is a suggestion). */
  open?: boolean;
  required: boolean;
  unique?: boolean;
  example: string;
  description: string;
}

/** One input table. */
export interface DictTable {
  key: string;
  file: string;
  title: string;
  format: "xlsx" | "csv";
  sheet: string;
  description: string;
  /** False for a table whose blank form another command makes (the field returns: verify export). */
  template?: boolean;
  columns: DictColumn[];
}

/** The whole dictionary. */
export interface Dictionary {
  version: string;
  note: string;
  types: Record<DictColumn["type"], string>;
  yesno: DictValue[];
  tables: DictTable[];
}

/** Where the dictionary lives. */
export const DICTIONARY_URL: URL = new URL("../../data/reference/input_tables.json", import.meta.url);

let cached: Dictionary | null = null;

/** The dictionary (read once). */
export function dictionary(): Dictionary {
  cached ??= JSON.parse(Deno.readTextFileSync(DICTIONARY_URL)) as Dictionary;
  return cached;
}

/** The table with this key; throws when the dictionary has none. */
export function dictTable(key: string): DictTable {
  const t = dictionary().tables.find((x) => x.key === key);
  if (!t) throw new Error(`数据字典中没有表“${key}”`);
  return t;
}

/** The column `key` of table `table`. */
export function dictColumn(table: string, key: string): DictColumn {
  const c = dictTable(table).columns.find((x) => x.key === key);
  if (!c) throw new Error(`数据字典中表“${table}”没有列“${key}”`);
  return c;
}

/** The headers a column is found under: its header, then its aliases. */
export function headerNames(c: DictColumn): string[] {
  return [c.header, ...(c.aliases ?? [])];
}

/** Column key → accepted headers, for every column of the table. */
export function headerTable(table: DictTable): Record<string, string[]> {
  return Object.fromEntries(table.columns.map((c) => [c.key, headerNames(c)]));
}

/**
 * Which header of `present` each column is read from (first accepted header found). Throws,
 * naming `what`, the missing required columns and the columns present, when a required column
 * is absent.
 */
export function mapColumns(table: DictTable, present: Iterable<string>, what: string): Map<string, string> {
  const have = new Set([...present].map((h) => h.trim()));
  const map = new Map<string, string>();
  for (const c of table.columns) {
    const found = headerNames(c).find((n) => have.has(n));
    if (found) map.set(c.key, found);
  }
  const missing = table.columns.filter((c) => c.required && !map.has(c.key)).map((c) => c.header);
  if (missing.length) throw new Error(`${what}缺少列：${missing.join("、")}（现有列：${[...have].join("、")}）`);
  return map;
}

const norm = (s: string) => s.trim().toLowerCase();

/** The code of an enumerated (or 是/否) cell given as code, label or alias; null when blank, undefined when not allowed. */
export function enumCode(c: DictColumn, v: unknown): string | null | undefined {
  const s = v == null ? "" : String(v).trim();
  if (s === "") return null;
  const values = c.type === "yesno" ? dictionary().yesno : c.values ?? [];
  const hit = values.find((x) => [x.code, x.label, ...(x.aliases ?? [])].some((a) => norm(a) === norm(s)));
  if (hit) return hit.code;
  return c.open ? s : undefined;
}

/** The accepted values of a column as text for messages: 代码（标签）、…. */
export function valuesText(c: DictColumn): string {
  const values = c.type === "yesno" ? dictionary().yesno : c.values ?? [];
  return values.map((v) => (v.code === v.label ? v.code : `${v.code}（${v.label}）`)).join("、");
}

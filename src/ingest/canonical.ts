/**
 * The canonical parcel table (地类图斑, DLTB) of DOMAIN.md §3: the 三调 field names, their
 * types, which are required, and how local variants map onto them (the alias table is
 * data: data/reference/field_aliases.json, extended by configuration).
 */

/** Canonical attribute fields and their storage type. */
export const PARCEL_FIELDS = [
  { name: "BSM", type: "text", required: true },
  { name: "DLBM", type: "text", required: true },
  { name: "DLMC", type: "text", required: false },
  { name: "QSXZ", type: "text", required: false },
  { name: "ZLDWDM", type: "text", required: true },
  { name: "ZLDWMC", type: "text", required: false },
  { name: "TBMJ", type: "area", required: true },
  { name: "KCMJ", type: "area", required: false },
  { name: "TBDLMJ", type: "area", required: false },
  { name: "GDDB", type: "int", required: false },
  { name: "GDPDJB", type: "int", required: false },
  { name: "GDLX", type: "text", required: false },
  { name: "ZZSXDM", type: "text", required: false },
  { name: "ZZSXMC", type: "text", required: false },
  { name: "TBXHDM", type: "text", required: false },
  { name: "TBXHMC", type: "text", required: false },
  { name: "SJNF", type: "int", required: false },
] as const;

/** A canonical field name. */
export type ParcelField = typeof PARCEL_FIELDS[number]["name"];

/** Canonical name → alternative names found in local data (matched case-insensitively). */
export type AliasTable = Record<string, string[]>;

/** The default alias table shipped with the workspace. */
export function defaultAliases(): AliasTable {
  const raw = JSON.parse(
    Deno.readTextFileSync(new URL("../../data/reference/field_aliases.json", import.meta.url)),
  ) as Record<string, unknown>;
  const out: AliasTable = {};
  for (const [k, v] of Object.entries(raw)) if (!k.startsWith("_")) out[k] = v as string[];
  return out;
}

/**
 * Maps the field names of a file onto canonical names. Returns canonical → file field, and
 * the file fields left unmapped. An exact canonical name wins over an alias; two file
 * fields claiming one canonical name is an error (named in Chinese).
 */
export function mapFields(
  fileFields: string[],
  aliases: AliasTable,
  source: string,
): { mapping: Map<ParcelField, string>; unmapped: string[] } {
  const mapping = new Map<ParcelField, string>();
  const used = new Set<string>();
  const upper = new Map(fileFields.map((f) => [f.trim().toUpperCase(), f]));
  for (const { name } of PARCEL_FIELDS) {
    const exact = upper.get(name);
    if (exact) {
      mapping.set(name, exact);
      used.add(exact);
      continue;
    }
    const hits = (aliases[name] ?? []).map((a) => upper.get(a.trim().toUpperCase())).filter((x): x is string =>
      x != null
    );
    const unique = [...new Set(hits)];
    if (unique.length > 1) {
      throw new Error(`字段别名冲突：${source} 中 ${unique.map((u) => `“${u}”`).join("、")} 都对应 ${name}`);
    }
    if (unique.length === 1) {
      mapping.set(name, unique[0]);
      used.add(unique[0]);
    }
  }
  return { mapping, unmapped: fileFields.filter((f) => !used.has(f)) };
}

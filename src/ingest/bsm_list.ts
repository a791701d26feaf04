/**
 * Reads a list of BSMs — the county's consent list (县级人民政府同意纳入进出平衡), the forestry
 * authority's consent list, a field survey's abandoned parcels — as the data dictionary's
 * `bsm_list` describes it: a text file with BSMs on lines (# starts a comment), or a CSV/XLSX with
 * a BSM (标识码) column; several BSMs in one line or cell may be separated as {@link splitList} allows.
 *
 * @example
 * ```ts
 * const consentBsm = await readBsmList("900101/consent.csv"); // ["9001010000000978", …]
 * ```
 */
import { dictColumn, headerNames } from "../dictionary/tables.ts";
import { splitList } from "../units/lists.ts";
import { readLayer } from "./read_layer.ts";

/** The BSMs of a list file, in first-seen order, each once. */
export async function readBsmList(path: string): Promise<string[]> {
  if (/\.txt$/i.test(path)) {
    const lines = (await Deno.readTextFile(path)).replace(/^\uFEFF/, "").split(/\r?\n/);
    return splitList(lines.filter((s) => !s.trim().startsWith("#")).join("\n"));
  }
  const layer = await readLayer(path);
  const col = headerNames(dictColumn("bsm_list", "bsm")).find((c) => c in layer.columns);
  if (!col) throw new Error(`BSM 清单“${path}”缺少 BSM（标识码）列，现有列：${Object.keys(layer.columns).join("、")}`);
  return splitList(layer.columns[col].map((v) => (v == null ? "" : String(v))).join("\n"));
}

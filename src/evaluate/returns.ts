/**
 * Reading field returns (外业核查回传) from XLSX or CSV files into plain rows: one record per
 * non-empty row, with the file and its row number, and the column headers normalised so that
 * small spelling differences of hand-made sheets still match the form (spaces dropped, ASCII
 * brackets made full-width, "标识码"/"bsm" → BSM, "部件"/"part" → 部件号).
 *
 * Row numbers count the header as row 1. The readers skip fully empty rows, so in a sheet with
 * blank rows between records a number may be lower than the Excel row; the BSM in every
 * message identifies the record either way.
 *
 * @example
 * ```ts
 * const rows = await readReturnRows(["乡镇A/核实表.xlsx", "补报.csv"]);
 * rows[0]; // { file: "乡镇A/核实表.xlsx", row: 2, values: { BSM: "…", 生产现状: "苗木", … } }
 * ```
 * @module
 */
import { dictColumn } from "../dictionary/tables.ts";
import { type Cell, rowNumber } from "../io/layer.ts";
import { readXlsx } from "../io/xlsx.ts";
import { parseCsvText } from "../io/csv.ts";
import { guessEncoding } from "../io/encoding.ts";
import type { VectorLayer } from "../io/layer.ts";

/** One record of a return file. */
export interface ReturnRow {
  file: string;
  /** Row number in the sheet, the header being row 1. */
  row: number;
  /** Cells by normalised header. */
  values: Record<string, Cell>;
}

/** Other spellings of the BSM and 部件号 columns, from the data dictionary (field_returns). */
const ALIASES: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(
  (["bsm", "part"] as const).flatMap((key) => {
    const c = dictColumn("field_returns", key);
    return (c.aliases ?? []).map((a) => [a, c.header]);
  }),
));

/**
 * The normalised form of a column header.
 *
 * @example
 * ```ts
 * normalizeHeader(" 照片1方位角(度) "); // "照片1方位角（度）"
 * normalizeHeader("标识码");            // "BSM"
 * ```
 */
export function normalizeHeader(h: string): string {
  const t = h.replace(/\s+/g, "").replaceAll("(", "（").replaceAll(")", "）");
  return ALIASES[t.toLowerCase()] ?? ALIASES[t] ?? t;
}

/**
 * A CSV as an all-text table (so that an 18-digit BSM never becomes a rounded number; numeric
 * cells are parsed where they are used). Encoding from the BOM, else guessed (UTF-8 or GBK).
 */
async function readCsvAsText(file: string): Promise<Pick<VectorLayer, "columns" | "length" | "sheetRows">> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(file);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(`找不到回传文件“${file}”`);
    throw new Error(`无法读取回传文件“${file}”：${(e as Error).message}`);
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = new TextDecoder(bom ? "utf-8" : guessEncoding([bytes])).decode(
    bom ? bytes.subarray(3) : bytes,
  );
  const rows = parseCsvText(text, file).filter((r) => r.some((c) => c.trim() !== ""));
  if (rows.length === 0) return { columns: {}, length: 0 };
  const header = rows[0].map((h, j) => h.trim() || `列${j + 1}`);
  const columns: Record<string, Cell[]> = {};
  header.forEach((h, j) => {
    const name = h in columns ? `${h}_${j + 1}` : h;
    columns[name] = rows.slice(1).map((r) => (r[j] ?? "").trim() || null);
  });
  return { columns, length: rows.length - 1 };
}

/**
 * Reads return files (.xlsx/.xls: the first sheet, which is 核实表 in the exported forms;
 * .csv: UTF-8 or GBK). A file path given twice is read once. Throws a Chinese error naming
 * the file for an unknown extension, an unreadable file, or a sheet without a BSM column.
 *
 * @example
 * ```ts
 * const rows = await readReturnRows(["城关镇/核实表.xlsx"]);
 * rows[0].row; // 2 (the header is row 1)
 * ```
 */
export async function readReturnRows(files: readonly string[]): Promise<ReturnRow[]> {
  const out: ReturnRow[] = [];
  for (const file of [...new Set(files)]) {
    const ext = file.toLowerCase().replace(/^.*\./, "");
    const layer = ext === "xlsx" || ext === "xls"
      ? readXlsx(file)
      : ext === "csv"
      ? await readCsvAsText(file)
      : (() => {
        throw new Error(`回传文件“${file}”的格式不支持（应为 .xlsx、.xls 或 .csv）`);
      })();
    const names = Object.keys(layer.columns);
    const normalized = names.map(normalizeHeader);
    if (layer.length > 0 && !normalized.includes("BSM")) {
      throw new Error(`回传文件“${file}”没有 BSM（标识码）列（现有列：${names.slice(0, 12).join("、")}）`);
    }
    for (let i = 0; i < layer.length; i++) {
      const values: Record<string, Cell> = {};
      names.forEach((n, j) => {
        const v = layer.columns[n][i];
        if (!(normalized[j] in values) || values[normalized[j]] === null) values[normalized[j]] = v;
      });
      out.push({ file, row: rowNumber(layer, i), values });
    }
  }
  return out;
}

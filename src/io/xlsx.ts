/**
 * Excel (.xlsx) tables: a writer for report and demo tables (Chinese headers with units,
 * several sheets, atomic write) and a reader that turns one sheet into an attribute-only
 * {@link VectorLayer} (geometry null), with Chinese errors that name the file and sheet.
 *
 * @example
 * ```ts
 * await writeXlsx("out.xlsx", [{
 *   name: "汇总",
 *   columns: [{ key: "name", header: "名称" }, { key: "area", header: "面积（亩）" }],
 *   rows: [{ name: "平川县", area: 1234.5 }],
 * }]);
 * const layer = readXlsx("out.xlsx"); // fields 名称 (C), 面积（亩） (N)
 * ```
 * @module
 */
import * as XLSX from "xlsx";
import { Unzip, UnzipInflate } from "fflate";
import type { Cell, FieldDef, VectorLayer } from "./layer.ts";
import { textWidth } from "./xlsx_write.ts";

// The writer lives in xlsx_write.ts (no SheetJS: a command that only writes workbooks does not load it).
export { encodeXlsx, type XlsxColumn, type XlsxSheet, writeXlsx } from "./xlsx_write.ts";
export { writeFileAtomic } from "./atomic.ts";

/** Options of {@link readXlsx}. */
export interface ReadXlsxOptions {
  /** Sheet to read; the first sheet when absent. */
  sheet?: string;
  /** Largest total size the workbook's parts may inflate to, bytes (default {@link MAX_INFLATED_BYTES}). */
  maxInflatedBytes?: number;
}

/**
 * Default limit on what a workbook's parts may inflate to: 512 MiB, some twenty times what a
 * 50,000-row returns sheet needs. Overridable with FARMLAND_XLSX_MAX_MIB.
 */
export const MAX_INFLATED_BYTES: number = (Number(Deno.env.get("FARMLAND_XLSX_MAX_MIB")) || 512) * 1024 * 1024;

/**
 * Inflates every part of a zip (an .xlsx) without keeping the output and throws, naming the
 * file, when the total passes `limit` — a small file that unpacks to gigabytes (a zip bomb) is
 * refused before the spreadsheet library allocates for it. Sizes are counted as inflated, not as
 * the archive declares them.
 */
export function assertInflateWithin(bytes: Uint8Array, limit: number, path: string): void {
  let total = 0;
  const unzip = new Unzip((file) => {
    file.ondata = (err, chunk) => {
      if (err) throw err;
      total += chunk.length;
      if (total > limit) {
        throw new Error(
          `Excel 文件“${path}”解压后超过 ${Math.round(limit / 1048576)} MiB（压缩文件 ${(bytes.length / 1024).toFixed(0)} KiB），疑为压缩炸弹，已拒绝读取`,
        );
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const step = 1 << 16;
  for (let i = 0; i < bytes.length; i += step) unzip.push(bytes.subarray(i, Math.min(bytes.length, i + step)), i + step >= bytes.length);
}


function looksLikeWorkbook(b: Uint8Array): boolean {
  const zip = b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
  const cfb = b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
  return zip || cfb;
}

function isDateFormat(z: unknown): boolean {
  if (typeof z !== "string" || z === "" || /^general$/i.test(z)) return false;
  const bare = z.replace(/"[^"]*"/g, "").replace(/\[[^\]]*\]/g, "").replace(/\\./g, "");
  return /[ymdhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

/** An Excel serial date as "YYYY-MM-DD" (plus " HH:MM:SS" when it has a time), zone-free. */
function serialDateText(serial: number, date1904: boolean): string {
  const ms = Math.round((serial + (date1904 ? 1462 : 0)) * 86400000) + Date.UTC(1899, 11, 30);
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  const date = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  const hasTime = d.getUTCHours() !== 0 || d.getUTCMinutes() !== 0 || d.getUTCSeconds() !== 0;
  return hasTime ? `${date} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}` : date;
}

function cellValue(c: XLSX.CellObject | undefined, date1904: boolean): Cell {
  if (!c || c.v === undefined || c.v === null) return null;
  switch (c.t as string) {
    case "n":
      if (typeof c.v !== "number" || !Number.isFinite(c.v)) return null;
      return isDateFormat(c.z) ? serialDateText(c.v, date1904) : c.v;
    case "s":
    case "str": {
      const s = String(c.v);
      return s === "" ? null : s;
    }
    case "b":
      return c.v ? "TRUE" : "FALSE";
    case "d":
      return c.v instanceof Date ? c.v.toISOString().slice(0, 10) : String(c.v);
    case "e":
      return null;
    default:
      return c.v === "" ? null : String(c.v);
  }
}

function decimalsOf(x: number): number {
  if (Number.isInteger(x)) return 0;
  const s = String(x);
  if (s.includes("e")) return 15;
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : Math.min(15, s.length - dot - 1);
}

/** Types the columns: all non-null values numbers → N (decimals as seen), else C (numbers as text). */
function typeFields(headers: string[], columns: Record<string, Cell[]>): FieldDef[] {
  return headers.map((name) => {
    const col = columns[name];
    let numeric = true, any = false, decimals = 0, width = 1;
    for (const v of col) {
      if (v === null) continue;
      any = true;
      if (typeof v !== "number") numeric = false;
    }
    if (any && numeric) {
      for (const v of col) {
        if (v === null) continue;
        decimals = Math.max(decimals, decimalsOf(v as number));
      }
      for (const v of col) {
        if (v === null) continue;
        const s = (v as number).toFixed(decimals);
        width = Math.max(width, s.length);
      }
      return { name, type: "N", length: Math.min(32, width), decimals: Math.min(decimals, 15) };
    }
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (v === null) continue;
      const s = typeof v === "number" ? String(v) : v;
      col[i] = s;
      width = Math.max(width, textWidth(s));
    }
    return { name, type: "C", length: Math.min(254, width), decimals: 0 };
  });
}

/**
 * Reads one sheet of an .xlsx (or .xls) file as an attribute table: the first row gives the
 * field names (blank headers become 列N, repeated ones get _2, _3 …), each further row is a
 * record (fully empty rows are skipped), empty cells are null, and a column is N when all
 * its values are numbers, else C. Dates become "YYYY-MM-DD" text.
 *
 * Throws a Chinese error naming the file when it is missing, not a workbook, corrupt or
 * truncated, and naming the file and sheet when the sheet does not exist.
 */
export function readXlsx(path: string, opts: ReadXlsxOptions = {}): VectorLayer {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(`找不到 Excel 文件“${path}”`);
    throw new Error(`无法读取 Excel 文件“${path}”：${(e as Error).message}`);
  }
  if (!looksLikeWorkbook(bytes)) {
    throw new Error(`Excel 文件“${path}”无法读取：文件不是 xlsx/xls 格式（可能已损坏或被截断）`);
  }
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (zip) {
    try {
      assertInflateWithin(bytes, opts.maxInflatedBytes ?? MAX_INFLATED_BYTES, path);
    } catch (e) {
      const m = (e as Error).message ?? String(e);
      if (m.includes("压缩炸弹")) throw e;
      throw new Error(`Excel 文件“${path}”无法读取：文件已损坏或被截断（${m.slice(0, 80)}）`);
    }
  }
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: "array", cellNF: true, cellDates: false, dense: false, WTF: false });
  } catch (e) {
    throw new Error(
      `Excel 文件“${path}”无法读取：文件已损坏或被截断（${String((e as Error).message ?? e).slice(0, 80)}）`,
    );
  }
  if (!wb.SheetNames || wb.SheetNames.length === 0) {
    throw new Error(`Excel 文件“${path}”无法读取：文件中没有工作表（可能已损坏）`);
  }
  const sheetName = opts.sheet ?? wb.SheetNames[0];
  const ws = wb.Sheets[sheetName];
  if (!wb.SheetNames.includes(sheetName) || !ws) {
    throw new Error(
      `Excel 文件“${path}”中没有名为“${sheetName}”的工作表（现有工作表：${wb.SheetNames.join("、")}）`,
    );
  }
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const ref = ws["!ref"];
  const layer: VectorLayer = {
    source: path,
    fields: [],
    columns: {},
    length: 0,
    geometry: null,
    crsText: null,
    notes: [],
  };
  if (!ref) {
    layer.notes.push(`工作表“${sheetName}”为空`);
    return layer;
  }
  const range = XLSX.utils.decode_range(ref);
  // A title row above the header (one filled cell, often merged across the table, then a row of
  // headers) is skipped with a note: analysts' tables often carry one.
  const filled = (r: number) => {
    let n = 0;
    for (let c = range.s.c; c <= range.e.c; c++) if (cellValue(ws[XLSX.utils.encode_cell({ r, c })], date1904) !== null) n++;
    return n;
  };
  for (let skipped = 0; skipped < 3 && range.s.r < range.e.r && filled(range.s.r) === 1 && filled(range.s.r + 1) >= 2; skipped++) {
    const title = cellValue(ws[XLSX.utils.encode_cell({ r: range.s.r, c: range.s.c })], date1904) ??
      (ws["!merges"] ?? []).map((m) => cellValue(ws[XLSX.utils.encode_cell(m.s)], date1904)).find((v) => v !== null) ?? "";
    layer.notes.push(`工作表“${sheetName}”第 ${range.s.r + 1} 行是标题（${String(title).slice(0, 30)}），表头取第 ${range.s.r + 2} 行`);
    range.s.r++;
  }
  const headerRow = range.s.r;
  const headers: string[] = [];
  const used = new Map<string, number>();
  for (let c = range.s.c; c <= range.e.c; c++) {
    const v = cellValue(ws[XLSX.utils.encode_cell({ r: headerRow, c })], date1904);
    let h = v === null ? `列${c - range.s.c + 1}` : String(v).trim();
    if (h === "") h = `列${c - range.s.c + 1}`;
    const n = (used.get(h) ?? 0) + 1;
    used.set(h, n);
    if (n > 1) h = `${h}_${n}`;
    headers.push(h);
  }
  const columns: Record<string, Cell[]> = Object.fromEntries(headers.map((h) => [h, [] as Cell[]]));
  let length = 0;
  const sheetRows: number[] = [];
  for (let r = range.s.r + 1; r <= range.e.r; r++) {
    const row: Cell[] = [];
    let any = false;
    for (let c = range.s.c; c <= range.e.c; c++) {
      const v = cellValue(ws[XLSX.utils.encode_cell({ r, c })], date1904);
      if (v !== null) any = true;
      row.push(v);
    }
    if (!any) continue;
    headers.forEach((h, i) => columns[h].push(row[i]));
    sheetRows.push(r + 1);
    length++;
  }
  layer.sheetRows = sheetRows;
  layer.fields = typeFields(headers, columns);
  layer.columns = columns;
  layer.length = length;
  if (sheetName !== wb.SheetNames[0] || wb.SheetNames.length > 1) {
    layer.notes.push(`读取工作表“${sheetName}”（共 ${wb.SheetNames.length} 个工作表）`);
  }
  return layer;
}

/**
 * CSV attribute tables (RFC 4180: quoted fields, doubled quotes, CRLF or LF), in UTF-8
 * (with or without BOM) or GBK, as Excel in a Chinese locale writes them. Numbers are
 * recognised per column: a column whose every non-empty value is numeric is numeric.
 *
 * @example
 * ```ts
 * const layer = await readCsv("data/parcels.csv");
 * layer.columns["TBMJ"][0]; // 1234.5
 * ```
 */
import type { Cell, FieldDef, VectorLayer } from "./layer.ts";
import { guessEncoding } from "./encoding.ts";

/** Splits CSV text into rows of fields. Throws (Chinese, with the line) on an unclosed quote. */
export function parseCsvText(text: string, source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0, line = 1, quoteLine = 0;
  let inQuotes = false;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      if (ch === "\n") line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") {
      inQuotes = true;
      quoteLine = line;
      i++;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (ch === "\r" || ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      if (ch === "\r" && text[i + 1] === "\n") i++;
      i++;
      line++;
    } else {
      field += ch;
      i++;
    }
  }
  if (inQuotes) throw new Error(`CSV 文件格式错误：${source} 第 ${quoteLine} 行的引号没有闭合（文件可能被截断）`);
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Turns header + rows of text into a layer with typed columns (no geometry). */
export function tableToLayer(header: string[], body: string[][], source: string, encoding?: string): VectorLayer {
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (name === "") throw new Error(`表格第 ${i + 1} 列没有列名：${source}`);
    if (seen.has(name)) throw new Error(`表格列名重复：${source} 的“${name}”`);
    seen.add(name);
  }
  body.forEach((r, i) => {
    if (r.length !== names.length) {
      throw new Error(
        `CSV 行的列数不符：${source} 第 ${i + 2} 行有 ${r.length} 列，表头有 ${names.length} 列`,
      );
    }
  });
  const columns: Record<string, Cell[]> = {};
  const fields: FieldDef[] = names.map((name, j) => {
    const raw = body.map((r) => r[j].trim());
    const numeric = raw.some((v) => v !== "") && raw.every((v) => v === "" || NUMERIC.test(v));
    // Codes with leading zeros (DLBM 0101, ZLDWDM) stay text.
    const keepText = raw.some((v) => /^0\d/.test(v));
    if (numeric && !keepText) {
      columns[name] = raw.map((v) => (v === "" ? null : Number(v)));
      const decimals = raw.some((v) => v.includes(".") || /e/i.test(v)) ? 6 : 0;
      return { name, type: decimals ? "F" : "N", length: 20, decimals } as FieldDef;
    }
    columns[name] = raw.map((v) => (v === "" ? null : v));
    return { name, type: "C", length: 254, decimals: 0 } as FieldDef;
  });
  return { source, fields, columns, length: body.length, geometry: null, crsText: null, encoding, notes: [] };
}

/** Reads a CSV file into a layer without geometry; the encoding is taken from a BOM or guessed. */
export async function readCsv(path: string, opts: { encoding?: string } = {}): Promise<VectorLayer> {
  const bytes = await Deno.readFile(path);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const encoding = opts.encoding ?? (bom ? "utf-8" : guessEncoding([bytes]));
  const text = new TextDecoder(encoding).decode(bom ? bytes.subarray(3) : bytes);
  const rows = parseCsvText(text, path);
  if (rows.length === 0) throw new Error(`CSV 文件为空：${path}`);
  const layer = tableToLayer(rows[0], rows.slice(1), path, encoding);
  if (!opts.encoding && !bom) layer.notes.push(`按内容判断编码为 ${encoding.toUpperCase()}`);
  return layer;
}

/** Writes rows as CSV in UTF-8 with a BOM (so Excel opens Chinese headers correctly), atomically. */
export async function writeCsv(
  path: string,
  columns: { key: string; header: string }[],
  rows: Record<string, Cell | boolean | undefined>[],
): Promise<void> {
  const esc = (v: Cell | boolean | undefined): string => {
    if (v == null) return "";
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [columns.map((c) => esc(c.header)).join(",")];
  for (const r of rows) lines.push(columns.map((c) => esc(r[c.key])).join(","));
  const tmp = `${path}.tmp-${crypto.randomUUID()}`;
  await Deno.writeTextFile(tmp, "\ufeff" + lines.join("\r\n") + "\r\n");
  await Deno.rename(tmp, path);
}

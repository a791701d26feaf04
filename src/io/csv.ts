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
import { putOwn } from "../units/safe_keys.ts";
import type { Cell, FieldDef, VectorLayer } from "./layer.ts";
import { guessEncoding } from "./encoding.ts";
// @ts-types="@types/d3-dsv"
import { csvFormatRow, csvParseRows } from "d3-dsv";

const QUOTE = 34, COMMA = 44, LF = 10, CR = 13;

/**
 * The line (1-based) where field `k` of row `r` starts, or ends with `through`: each row before
 * it ends one line, and a line break inside a quoted field (LF, or the LF of a CRLF) starts another.
 */
function lineOf(rows: readonly string[][], r: number, k: number, through = false): number {
  let line = 1 + r;
  const breaks = (v: string) => {
    for (let q = v.indexOf("\n"); q >= 0; q = v.indexOf("\n", q + 1)) line++;
  };
  for (let i = 0; i < r; i++) rows[i].forEach(breaks);
  rows[r].slice(0, through ? k + 1 : k).forEach(breaks);
  return line;
}

/**
 * Checks that d3-dsv's rows lay out the whole text as RFC 4180 does, field by field: a field
 * that opens with a quote must close with one right before its comma or line end. d3-dsv
 * accepts both faults silently (an unclosed quote swallows the rest of the file; text after a
 * closing quote is dropped and shifts the row by a field), so they are reported here.
 */
function checkLayout(text: string, rows: readonly string[][], source: string): void {
  const fault = (line: number, what: string) => new Error(`CSV 文件格式错误：${source} 第 ${line} 行${what}`);
  let pos = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let k = 0; k < row.length; k++) {
      const v = row[k];
      if (text.charCodeAt(pos) === QUOTE) {
        let quotes = 0;
        for (let q = v.indexOf('"'); q >= 0; q = v.indexOf('"', q + 1)) quotes++;
        const end = pos + 1 + v.length + quotes;
        if (text.charCodeAt(end) !== QUOTE) throw fault(lineOf(rows, r, k), "的引号没有闭合（文件可能被截断）");
        pos = end + 1;
      } else pos += v.length;
      const c = text.charCodeAt(pos);
      if (k < row.length - 1 ? c !== COMMA : c !== CR && c !== LF && pos < text.length) {
        throw fault(lineOf(rows, r, k, true), "的引号后还有字符（含逗号、引号或换行的内容应整体放在一对引号内）");
      }
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
    }
  }
}

/**
 * Splits CSV text into rows of fields (d3-dsv), dropping blank lines. Throws (Chinese, with the
 * file and line) on an unclosed quote or text after a closing quote.
 *
 * @example
 * ```ts
 * parseCsvText('BSM,备注\r\n1,"甲,乙"\r\n', "a.csv"); // [["BSM", "备注"], ["1", "甲,乙"]]
 * ```
 */
export function parseCsvText(text: string, source: string): string[][] {
  const rows = csvParseRows(text);
  checkLayout(text, rows, source);
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
      putOwn(columns, name, raw.map((v) => (v === "" ? null : Number(v))));
      const decimals = raw.some((v) => v.includes(".") || /e/i.test(v)) ? 6 : 0;
      return { name, type: decimals ? "F" : "N", length: 20, decimals } as FieldDef;
    }
    putOwn(columns, name, raw.map((v) => (v === "" ? null : v)));
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
  // d3-dsv quotes a value holding a quote, comma or line break; null and undefined are empty.
  const text = (v: Cell | boolean | undefined) => (v == null ? "" : String(v));
  const lines = [csvFormatRow(columns.map((c) => c.header))];
  for (const r of rows) lines.push(csvFormatRow(columns.map((c) => text(r[c.key]))));
  const tmp = `${path}.tmp-${crypto.randomUUID()}`;
  const parent = path.slice(0, path.lastIndexOf("/"));
  if (parent) await Deno.mkdir(parent, { recursive: true });
  await Deno.writeTextFile(tmp, "\ufeff" + lines.join("\r\n") + "\r\n");
  await Deno.rename(tmp, path);
}

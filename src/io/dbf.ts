/**
 * dBASE III (.dbf) attribute tables: a fast column-wise reader and a writer, for GBK or UTF-8 text.
 */
import type { Cell, FieldDef } from "./layer.ts";
import { decoderFor, encodeGbk } from "./gbk.ts";

/** A field as laid out in a DBF record. */
export interface DbfField extends FieldDef {
  /** Byte offset inside the record (the deletion flag is byte 0). */
  offset: number;
  /** The raw name bytes (up to the first NUL). */
  rawName: Uint8Array;
}

/** The parsed header of a DBF file. */
export interface DbfHeader {
  version: number;
  recordCount: number;
  headerLength: number;
  recordLength: number;
  /** Language driver id (byte 29): 0x4D = GBK/936. */
  ldid: number;
  fields: DbfField[];
  notes: string[];
}

/** A DBF table read column-wise. */
export interface DbfTable {
  fields: FieldDef[];
  columns: Record<string, Cell[]>;
  /** Number of live (non-deleted) records, i.e. the length of every column. */
  length: number;
  /** 1-based record numbers of records flagged deleted (0x2A); they are not in the columns. */
  deleted: number[];
  /** Remarks for the load report (renamed duplicate fields, unknown field types, …). */
  notes: string[];
}

/**
 * Parses and checks the header of a DBF file. Throws a Chinese error naming `source` when the
 * file is too short, the header is corrupt or the records are truncated.
 */
export function readDbfHeader(bytes: Uint8Array, source: string, encoding = "utf-8"): DbfHeader {
  if (bytes.length < 32) {
    throw new Error(`DBF 文件不完整：${source} 只有 ${bytes.length} 字节，不足 32 字节的文件头`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const recordCount = dv.getUint32(4, true);
  const headerLength = dv.getUint16(8, true);
  const recordLength = dv.getUint16(10, true);
  if (headerLength < 65 || headerLength > bytes.length) {
    throw new Error(
      `DBF 文件头损坏：${source} 声明文件头长度为 ${headerLength} 字节，无效（至少应为 65 字节，且不能超过文件大小 ${bytes.length} 字节）`,
    );
  }
  const notes: string[] = [];
  const fields: DbfField[] = [];
  const dec = decoderFor(encoding);
  const seen = new Set<string>();
  let offset = 1;
  for (let p = 32; p + 32 <= headerLength && bytes[p] !== 0x0d; p += 32) {
    let e = p;
    while (e < p + 11 && bytes[e] !== 0) e++;
    const rawName = bytes.slice(p, e);
    let name = dec.decode(rawName).trim();
    const t = String.fromCharCode(bytes[p + 11]).toUpperCase();
    let length = bytes[p + 16];
    let decimals = bytes[p + 17];
    let type: FieldDef["type"];
    if (t === "C") {
      length += decimals * 256; // Clipper/GDAL: wide text fields keep the high byte in "decimals"
      decimals = 0;
      type = "C";
    } else if (t === "N" || t === "F" || t === "D" || t === "L") type = t;
    else {
      notes.push(`${source}：字段 ${name} 的类型“${t}”不受支持，按文本读取`);
      type = "C";
      decimals = 0;
    }
    if (name === "") name = `FIELD${fields.length + 1}`;
    if (seen.has(name.toUpperCase())) {
      let k = 2;
      while (seen.has(`${name}_${k}`.toUpperCase())) k++;
      notes.push(`${source}：字段名 ${name} 重复，第二个改名为 ${name}_${k}`);
      name = `${name}_${k}`;
    }
    seen.add(name.toUpperCase());
    fields.push({ name, type, length, decimals, offset, rawName });
    offset += length;
  }
  if (fields.length === 0) throw new Error(`DBF 文件头损坏：${source} 没有任何字段定义`);
  if (offset > recordLength) {
    throw new Error(
      `DBF 文件头损坏：${source} 各字段宽度之和加删除标记为 ${offset} 字节，超过声明的记录长度 ${recordLength} 字节`,
    );
  }
  const available = Math.floor((bytes.length - headerLength) / recordLength);
  if (recordCount > available) {
    throw new Error(
      `DBF 文件已截断：${source} 声明 ${recordCount} 条记录，实际只有 ${available} 条完整记录`,
    );
  }
  let extra = bytes.length - headerLength - recordCount * recordLength;
  if (extra > 0 && bytes[bytes.length - 1] === 0x1a) extra--;
  if (extra >= recordLength) {
    notes.push(`${source}：文件头声明 ${recordCount} 条记录，文件末尾另有 ${extra} 字节未读取`);
  }
  return { version: bytes[0], recordCount, headerLength, recordLength, ldid: bytes[29], fields, notes };
}

/** The bytes of every text (C) field and field name, one sample per field, for encoding detection. */
export function dbfTextSamples(bytes: Uint8Array, source: string): Uint8Array[] {
  const h = readDbfHeader(bytes, source);
  const out: Uint8Array[] = h.fields.map((f) => f.rawName);
  for (const f of h.fields) {
    if (f.type !== "C") continue;
    out.push(gatherColumn(bytes, h, f, null).buf);
  }
  return out;
}

/** Concatenates the values of a text field, each cut at its first NUL and right-trimmed, joined by NUL. */
function gatherColumn(
  bytes: Uint8Array,
  h: DbfHeader,
  f: DbfField,
  live: Uint8Array | null,
): { buf: Uint8Array; count: number } {
  const n = h.recordCount, rl = h.recordLength, len = f.length;
  let buf = new Uint8Array(Math.min(n * (len + 1), n * 8 + 1024));
  let o = 0, count = 0;
  for (let r = 0; r < n; r++) {
    if (live !== null && live[r] === 0) continue;
    const s = h.headerLength + r * rl + f.offset;
    let e = s + len;
    while (e > s && (bytes[e - 1] === 0x20 || bytes[e - 1] === 0)) e--;
    for (let i = s; i < e; i++) {
      if (bytes[i] === 0) {
        e = i;
        while (e > s && bytes[e - 1] === 0x20) e--;
        break;
      }
    }
    if (o + (e - s) + 1 > buf.length) {
      const grown = new Uint8Array(Math.min(n * (len + 1), Math.max(buf.length * 2, o + (e - s) + 1)));
      grown.set(buf.subarray(0, o));
      buf = grown;
    }
    if (count > 0) buf[o++] = 0;
    if (e - s > 32) {
      buf.set(bytes.subarray(s, e), o);
      o += e - s;
    } else for (let i = s; i < e; i++) buf[o++] = bytes[i];
    count++;
  }
  return { buf: buf.subarray(0, o), count };
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses one N/F value; blank or all-'*' (shapelib's NULL) → null, non-numeric → the raw text. */
function parseNumber(bytes: Uint8Array, s: number, end: number, dec: TextDecoder): Cell {
  while (s < end && (bytes[s] === 0x20 || bytes[s] === 0)) s++;
  let e = end;
  while (e > s && (bytes[e - 1] === 0x20 || bytes[e - 1] === 0)) e--;
  if (s === e) return null;
  let i = s, neg = false;
  if (bytes[i] === 0x2d) {
    neg = true;
    i++;
  } else if (bytes[i] === 0x2b) i++;
  let m = 0, digits = 0, nd = 0, frac = 0, dot = false, ok = true;
  for (; i < e; i++) {
    const c = bytes[i];
    if (c >= 0x30 && c <= 0x39) {
      m = m * 10 + (c - 0x30);
      nd++;
      if (m > 0) digits++;
      if (dot) frac++;
    } else if (c === 0x2e && !dot) dot = true;
    else {
      ok = false;
      break;
    }
  }
  if (ok && nd > 0 && digits <= 15 && frac <= 22) {
    const v = frac === 0 ? m : m / POW10[frac];
    return neg && v !== 0 ? -v : v;
  }
  let allStar = true;
  for (let k = s; k < e; k++) if (bytes[k] !== 0x2a) allStar = false;
  if (allStar) return null;
  const text = dec.decode(bytes.subarray(s, e));
  return NUMERIC.test(text) ? Number(text) : text;
}

/**
 * Reads a dBASE III table column-wise. Text (C) values are cut at a NUL and right-trimmed
 * (blank → null); N/F become numbers (blank → null; a non-numeric value stays as its raw
 * text so a validator can report it); D stays as its "YYYYMMDD" text; L becomes "T"/"F"/null.
 * Records flagged deleted are listed in `deleted` and left out of the columns.
 */
export function readDbf(bytes: Uint8Array, opts: { encoding: string; source: string }): DbfTable {
  const h = readDbfHeader(bytes, opts.source, opts.encoding);
  const dec = decoderFor(opts.encoding);
  const n = h.recordCount, rl = h.recordLength, base = h.headerLength;
  const live = new Uint8Array(n);
  const deleted: number[] = [];
  for (let r = 0; r < n; r++) {
    if (bytes[base + r * rl] === 0x2a) deleted.push(r + 1);
    else live[r] = 1;
  }
  const length = n - deleted.length;
  const columns: Record<string, Cell[]> = {};
  for (const f of h.fields) {
    const col: Cell[] = new Array(length);
    if (f.type === "C") {
      const { buf } = gatherColumn(bytes, h, f, deleted.length ? live : null);
      const parts = length === 0 ? [] : dec.decode(buf).split("\0");
      for (let k = 0; k < length; k++) col[k] = parts[k] === "" ? null : parts[k];
    } else {
      let k = 0;
      for (let r = 0; r < n; r++) {
        if (live[r] === 0) continue;
        const s = base + r * rl + f.offset, end = s + f.length;
        if (f.type === "N" || f.type === "F") col[k++] = parseNumber(bytes, s, end, dec);
        else if (f.type === "L") {
          const c = bytes[s];
          col[k++] = c === 0x54 || c === 0x74 || c === 0x59 || c === 0x79
            ? "T"
            : c === 0x46 || c === 0x66 || c === 0x4e || c === 0x6e
            ? "F"
            : null;
        } else {
          let a = s, e = end;
          while (a < e && (bytes[a] === 0x20 || bytes[a] === 0)) a++;
          while (e > a && (bytes[e - 1] === 0x20 || bytes[e - 1] === 0)) e--;
          col[k++] = a === e ? null : dec.decode(bytes.subarray(a, e));
        }
      }
    }
    columns[f.name] = col;
  }
  const fields = h.fields.map(({ name, type, length, decimals }) => ({ name, type, length, decimals }));
  return { fields, columns, length, deleted, notes: h.notes };
}

/** Encodes a text value into at most `max` bytes without splitting a character. */
function encodeCut(text: string, gbk: boolean, max: number, enc: TextEncoder): Uint8Array {
  if (!gbk) {
    const out = new Uint8Array(max);
    const { written } = enc.encodeInto(text, out);
    return out.subarray(0, written);
  }
  const b = encodeGbk(text);
  if (b.length <= max) return b;
  let i = 0;
  while (i < b.length) {
    const w = b[i] >= 0x81 ? 2 : 1;
    if (i + w > max) break;
    i += w;
  }
  return b.subarray(0, i);
}

/**
 * Writes a dBASE III table. C values are left-aligned and cut to the field width by bytes
 * (never inside a character); N/F values are right-aligned with the field's decimals; null
 * becomes blanks. Byte 29 (LDID) is 0x4D for GBK and 0 otherwise. Values that cannot be
 * written (non-numeric text in N, too wide numbers, characters without GBK code) throw a
 * Chinese error naming `target`, the row (1-based), the field and the value.
 */
export function writeDbf(
  layer: { fields: FieldDef[]; columns: Record<string, Cell[]>; length: number },
  opts: { encoding: "gbk" | "utf-8"; target?: string },
): Uint8Array {
  const target = opts.target ?? "DBF";
  const gbk = opts.encoding === "gbk";
  const enc = new TextEncoder();
  const fields = layer.fields;
  if (fields.length === 0) throw new Error(`写出 DBF 出错：${target} 没有任何字段`);
  if (fields.length > 2046) throw new Error(`写出 DBF 出错：${target} 有 ${fields.length} 个字段，超过上限`);
  const headerLength = 32 + 32 * fields.length + 1;
  let recordLength = 1;
  const names = new Set<string>();
  const nameBytes: Uint8Array[] = [];
  for (const f of fields) {
    const nb = gbk ? encodeGbk(f.name) : enc.encode(f.name);
    if (nb.length === 0 || nb.length > 10) {
      throw new Error(`写出 DBF 出错：${target} 的字段名“${f.name}”编码后为 ${nb.length} 字节，须为 1–10 字节`);
    }
    if (names.has(f.name.toUpperCase())) throw new Error(`写出 DBF 出错：${target} 的字段名“${f.name}”重复`);
    names.add(f.name.toUpperCase());
    const maxLen = f.type === "C" ? 254 : f.type === "D" ? 8 : f.type === "L" ? 1 : 32;
    if (!(f.length >= 1 && f.length <= maxLen) || (f.type === "D" && f.length !== 8)) {
      throw new Error(`写出 DBF 出错：${target} 的字段 ${f.name}（类型 ${f.type}）宽度 ${f.length} 无效`);
    }
    if ((f.type === "N" || f.type === "F") && f.decimals > 0 && f.decimals > f.length - 2) {
      throw new Error(`写出 DBF 出错：${target} 的字段 ${f.name} 宽度 ${f.length} 放不下 ${f.decimals} 位小数`);
    }
    if (!layer.columns[f.name] || layer.columns[f.name].length < layer.length) {
      throw new Error(`写出 DBF 出错：${target} 缺少字段 ${f.name} 的数据（需要 ${layer.length} 个值）`);
    }
    nameBytes.push(nb);
    recordLength += f.length;
  }
  if (recordLength > 65535) throw new Error(`写出 DBF 出错：${target} 的记录长度 ${recordLength} 字节超过上限 65535`);
  const n = layer.length;
  const out = new Uint8Array(headerLength + n * recordLength + 1);
  const dv = new DataView(out.buffer);
  const now = new Date();
  out[0] = 0x03;
  out[1] = now.getFullYear() - 1900;
  out[2] = now.getMonth() + 1;
  out[3] = now.getDate();
  dv.setUint32(4, n, true);
  dv.setUint16(8, headerLength, true);
  dv.setUint16(10, recordLength, true);
  out[29] = gbk ? 0x4d : 0x00;
  let off = 1;
  fields.forEach((f, i) => {
    const p = 32 + 32 * i;
    out.set(nameBytes[i], p);
    out[p + 11] = f.type.charCodeAt(0);
    out[p + 16] = f.length;
    out[p + 17] = f.type === "N" || f.type === "F" ? f.decimals : 0;
    off += f.length;
  });
  out[headerLength - 1] = 0x0d;
  out.fill(0x20, headerLength, headerLength + n * recordLength);
  out[out.length - 1] = 0x1a;
  const fail = (row: number, f: FieldDef, v: Cell, why: string): never => {
    throw new Error(`写出 DBF 出错：${target} 第 ${row + 1} 条记录的字段 ${f.name} 的值“${v}”${why}`);
  };
  off = 1;
  for (const f of fields) {
    const col = layer.columns[f.name];
    const cache = new Map<string, Uint8Array>();
    for (let r = 0; r < n; r++) {
      const v = col[r];
      if (v === null || v === undefined || v === "") continue;
      const p = headerLength + r * recordLength + off;
      if (f.type === "C") {
        const s = typeof v === "string" ? v : String(v);
        let b = cache.get(s);
        if (b === undefined) {
          try {
            b = encodeCut(s, gbk, f.length, enc);
          } catch (e) {
            fail(r, f, v, `无法编码：${(e as Error).message}`);
          }
          if (cache.size < 100000) cache.set(s, b!);
        }
        out.set(b!, p);
      } else if (f.type === "N" || f.type === "F") {
        let x: number;
        if (typeof v === "number") x = v;
        else {
          const t = v.trim();
          if (!NUMERIC.test(t)) fail(r, f, v, "不是数值，不能写入数值字段");
          x = Number(t);
        }
        if (!Number.isFinite(x)) fail(r, f, v, "不是有限数值");
        let s = x.toFixed(f.decimals);
        if (s === "-0" || /^-0\.0*$/.test(s)) s = s.slice(1);
        if (s.length > f.length) fail(r, f, v, `超出字段宽度 ${f.length}（${f.decimals} 位小数）`);
        for (let i = 0; i < s.length; i++) out[p + f.length - s.length + i] = s.charCodeAt(i);
      } else if (f.type === "D") {
        const s = String(v).trim();
        if (!/^\d{8}$/.test(s)) fail(r, f, v, "不是 YYYYMMDD 格式的日期");
        for (let i = 0; i < 8; i++) out[p + i] = s.charCodeAt(i);
      } else {
        const c = String(v).trim().toUpperCase();
        out[p] = c === "T" || c === "Y" || c === "TRUE" || c === "1"
          ? 0x54
          : c === "F" || c === "N" || c === "FALSE" || c === "0"
          ? 0x46
          : fail(r, f, v, "不是逻辑值（T/F）");
      }
    }
    off += f.length;
  }
  return out;
}

/**
 * dBASE III (.dbf) attribute tables: a fast column-wise reader and a writer, for GBK or UTF-8 text.
 */
import { putOwn } from "../units/safe_keys.ts";
import type { Cell, FieldDef } from "./layer.ts";
import { decoderFor } from "./gbk.ts";

export { writeDbf } from "./dbf_write.ts";

/** A field as laid out in a DBF record. */
export interface DbfField extends FieldDef {
  /** Byte offset inside the record (the deletion flag is byte 0). */
  offset: number;
  /** The raw name bytes (up to the first NUL). */
  rawName: Uint8Array;
}

/** The parsed header of a DBF file. */
export interface DbfHeader {
  /** Byte 0 (0x03 for dBASE III without memo). */
  version: number;
  /** Records declared in the header, deleted ones included. */
  recordCount: number;
  /** Bytes before the first record. */
  headerLength: number;
  /** Bytes per record, deletion flag included. */
  recordLength: number;
  /** Language driver id (byte 29): 0x4D = GBK/936. */
  ldid: number;
  /** The fields in record order (duplicate names already renamed). */
  fields: DbfField[];
  /** Remarks for the load report. */
  notes: string[];
}

/** A DBF table read column-wise. */
export interface DbfTable {
  /** The fields in file order. */
  fields: FieldDef[];
  /** One array of `length` cells per field name (per field read, when the reader was told which). */
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
export function readDbfHeader(
  bytes: Uint8Array,
  source: string,
  encoding = "utf-8",
  /** The file's size when `bytes` is only its beginning (a streamed read), and its last byte. */
  file: { size: number; lastByte: number } = { size: bytes.length, lastByte: bytes[bytes.length - 1] },
): DbfHeader {
  const size = file.size;
  if (size < 32 || bytes.length < 32) {
    throw new Error(`DBF 文件不完整：${source} 只有 ${size} 字节，不足 32 字节的文件头`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const recordCount = dv.getUint32(4, true);
  const headerLength = dv.getUint16(8, true);
  const recordLength = dv.getUint16(10, true);
  if (headerLength < 65 || headerLength > size) {
    throw new Error(
      `DBF 文件头损坏：${source} 声明文件头长度为 ${headerLength} 字节，无效（至少应为 65 字节，且不能超过文件大小 ${size} 字节）`,
    );
  }
  if (headerLength > bytes.length) throw new Error(`DBF 文件头未读全：${source}（内部错误：需要前 ${headerLength} 字节）`);
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
  const available = Math.floor((size - headerLength) / recordLength);
  if (recordCount > available) {
    throw new Error(
      `DBF 文件已截断：${source} 声明 ${recordCount} 条记录，实际只有 ${available} 条完整记录`,
    );
  }
  let extra = size - headerLength - recordCount * recordLength;
  if (extra > 0 && file.lastByte === 0x1a) extra--;
  if (extra >= recordLength) {
    notes.push(`${source}：文件头声明 ${recordCount} 条记录，文件末尾另有 ${extra} 字节未读取`);
  }
  return { version: bytes[0], recordCount, headerLength, recordLength, ldid: bytes[29], fields, notes };
}

/** Collects the values of one text field, NUL-separated, for a single decode. */
class TextGather {
  buf: Uint8Array;
  o = 0;
  count = 0;
  constructor(private readonly max: number) {
    this.buf = new Uint8Array(Math.min(max, 1 << 16));
  }
  /** Appends bytes [s, e) of `src` as the next value. */
  push(src: Uint8Array, s: number, e: number): void {
    const need = this.o + (e - s) + 1;
    if (need > this.buf.length) {
      const grown = new Uint8Array(Math.min(this.max, Math.max(this.buf.length * 2, need)));
      grown.set(this.buf.subarray(0, this.o));
      this.buf = grown;
    }
    if (this.count++ > 0) this.buf[this.o++] = 0;
    if (e - s > 24) {
      this.buf.set(src.subarray(s, e), this.o);
      this.o += e - s;
    } else for (let i = s; i < e; i++) this.buf[this.o++] = src[i];
  }
  /** The gathered bytes. */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.o);
  }
}

/**
 * The values of one text field, each distinct value decoded once: most 三调 text fields hold a
 * few dozen to a few thousand distinct values over 10⁵ records (codes, names), so a value is
 * looked up by a hash of its bytes and the decoded string shared. A field that turns out mostly
 * distinct (BSM, 图斑编号) falls back to gathering its bytes for one decode at the end.
 */
class TextColumn {
  readonly values: (string | null)[];
  #table = new Map<number, { b: Uint8Array; v: string }[]>();
  #distinct = 0;
  #gather: TextGather | null = null;
  #gatherFrom = 0;
  constructor(n: number, private readonly width: number, private readonly dec: TextDecoder) {
    this.values = new Array<string | null>(n);
  }
  /** Sets value k from bytes [s, e) of `src`. */
  push(src: Uint8Array, s: number, e: number, k: number): void {
    if (this.#gather) {
      this.#gather.push(src, s, e);
      return;
    }
    if (s === e) {
      this.values[k] = null;
      return;
    }
    let h = 0x811c9dc5 ^ (e - s);
    for (let i = s; i < e; i++) h = Math.imul(h ^ src[i], 0x01000193);
    const bucket = this.#table.get(h);
    if (bucket) {
      for (const { b, v } of bucket) {
        if (b.length !== e - s) continue;
        let same = true;
        for (let i = 0; i < b.length; i++) {
          if (b[i] !== src[s + i]) {
            same = false;
            break;
          }
        }
        if (same) {
          this.values[k] = v;
          return;
        }
      }
    }
    // The bytes are copied: a streamed read reuses its buffer.
    const b = src.slice(s, e);
    const v = this.dec.decode(b);
    if (bucket) bucket.push({ b, v });
    else this.#table.set(h, [{ b, v }]);
    this.values[k] = v;
    // Mostly distinct after a few thousand records: gather the rest for one decode.
    if (++this.#distinct > 2048 && this.#distinct * 4 > k + 1) {
      this.#gather = new TextGather((this.values.length - k) * (this.width + 1));
      this.#gatherFrom = k + 1;
      this.#table.clear();
    }
  }
  /** The column of the first `length` values, complete. */
  finish(length: number): (string | null)[] {
    if (this.#gather && this.#gatherFrom < length) {
      const rest = this.dec.decode(this.#gather.bytes()).split("\0");
      for (let j = 0; j < rest.length; j++) this.values[this.#gatherFrom + j] = rest[j] === "" ? null : rest[j];
    }
    this.values.length = length;
    return this.values;
  }
}

/** End of a text value starting at s with width len: cut at the first NUL, trailing blanks/NULs trimmed. */
function textEnd(bytes: Uint8Array, dv: DataView, s: number, len: number): number {
  let e = s + len;
  while (e - 4 >= s) {
    const w = dv.getUint32(e - 4, true);
    if (w !== 0x20202020 && w !== 0) break;
    e -= 4;
  }
  while (e > s && (bytes[e - 1] === 0x20 || bytes[e - 1] === 0)) e--;
  for (let i = s; i < e; i++) {
    if (bytes[i] === 0) {
      e = i;
      while (e > s && bytes[e - 1] === 0x20) e--;
      break;
    }
  }
  return e;
}

/** The bytes of every text (C) field and field name, one sample per field, for encoding detection. */
export function dbfTextSamples(
  bytes: Uint8Array,
  source: string,
  file: { size: number; lastByte: number } = { size: bytes.length, lastByte: bytes[bytes.length - 1] },
): Uint8Array[] {
  const h = readDbfHeader(bytes, source, "utf-8", file);
  // A streamed read hands over only the file's beginning: sample its complete records.
  const n = Math.min(h.recordCount, Math.max(0, Math.floor((bytes.length - h.headerLength) / h.recordLength)));
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = h.fields.filter((f) => f.type === "C");
  const gathers = text.map((f) => new TextGather(n * (f.length + 1)));
  for (let r = 0; r < n; r++) {
    const row = h.headerLength + r * h.recordLength;
    for (let i = 0; i < text.length; i++) {
      const s = row + text[i].offset;
      gathers[i].push(bytes, s, textEnd(bytes, dv, s, text[i].length));
    }
  }
  return [...h.fields.map((f) => f.rawName), ...gathers.map((g) => g.bytes())];
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

/** Parses records into columns, fed one window of records at a time (the whole file, or a streamed chunk). */
class DbfRecords {
  readonly #h: DbfHeader;
  readonly #dec: TextDecoder;
  readonly #kind: number[];
  readonly #texts: (TextColumn | null)[];
  readonly #cols: (Cell[] | null)[];
  readonly deleted: number[] = [];
  #k = 0;
  #r = 0;
  constructor(h: DbfHeader, encoding: string, only?: ReadonlySet<string>) {
    this.#h = h;
    this.#dec = decoderFor(encoding);
    const n = h.recordCount;
    const read = (f: FieldDef) => !only || only.has(f.name);
    // 0 text, 1 number, 2 logical, 3 date, -1 not read
    this.#kind = h.fields.map((f) =>
      !read(f) ? -1 : f.type === "C" ? 0 : f.type === "N" || f.type === "F" ? 1 : f.type === "L" ? 2 : 3
    );
    this.#texts = h.fields.map((f) => read(f) && f.type === "C" ? new TextColumn(n, f.length, this.#dec) : null);
    this.#cols = h.fields.map((f) => read(f) && f.type !== "C" ? new Array<Cell>(n) : null);
  }
  /** Parses `count` records of `bytes` starting at byte `at`, row by row (each record's bytes read while in cache). */
  feed(bytes: Uint8Array, at: number, count: number): void {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const fs = this.#h.fields, nf = fs.length, rl = this.#h.recordLength, kind = this.#kind, dec = this.#dec;
    const texts = this.#texts, cols = this.#cols;
    let k = this.#k;
    for (let r = 0; r < count; r++) {
      const row = at + r * rl;
      this.#r++;
      if (bytes[row] === 0x2a) {
        this.deleted.push(this.#r);
        continue;
      }
      for (let i = 0; i < nf; i++) {
        const f = fs[i], s = row + f.offset;
        switch (kind[i]) {
          case -1:
            break;
          case 0:
            texts[i]!.push(bytes, s, textEnd(bytes, dv, s, f.length), k);
            break;
          case 1:
            cols[i]![k] = parseNumber(bytes, s, s + f.length, dec);
            break;
          case 2: {
            const c = bytes[s];
            cols[i]![k] = c === 0x54 || c === 0x74 || c === 0x59 || c === 0x79
              ? "T"
              : c === 0x46 || c === 0x66 || c === 0x4e || c === 0x6e
              ? "F"
              : null;
            break;
          }
          default: {
            let a = s, e = s + f.length;
            while (a < e && (bytes[a] === 0x20 || bytes[a] === 0)) a++;
            while (e > a && (bytes[e - 1] === 0x20 || bytes[e - 1] === 0)) e--;
            cols[i]![k] = a === e ? null : dec.decode(bytes.subarray(a, e));
          }
        }
      }
      k++;
    }
    this.#k = k;
  }
  /** The table of every record fed. */
  finish(): DbfTable {
    const length = this.#k, fs = this.#h.fields;
    const columns: Record<string, Cell[]> = {};
    for (let i = 0; i < fs.length; i++) {
      if (this.#kind[i] === -1) continue;
      const col = this.#cols[i];
      if (col) col.length = length;
      putOwn(columns, fs[i].name, col ?? this.#texts[i]!.finish(length));
    }
    const fields = fs.map(({ name, type, length, decimals }) => ({ name, type, length, decimals }));
    return { fields, columns, length, deleted: this.deleted, notes: this.#h.notes };
  }
}

/**
 * Reads a dBASE III table column-wise. Text (C) values are cut at a NUL and right-trimmed
 * (blank → null); N/F become numbers (blank → null; a non-numeric value stays as its raw
 * text so a validator can report it); D stays as its "YYYYMMDD" text; L becomes "T"/"F"/null.
 * Records flagged deleted are listed in `deleted` and left out of the columns.
 */
export function readDbf(bytes: Uint8Array, opts: { encoding: string; source: string }): DbfTable {
  const h = readDbfHeader(bytes, opts.source, opts.encoding);
  const parser = new DbfRecords(h, opts.encoding);
  parser.feed(bytes, h.headerLength, h.recordCount);
  return parser.finish();
}

/** Reads into `buf` from byte `pos`; returns the bytes read (fewer at the end of the file). */
async function readFileAt(f: Deno.FsFile, buf: Uint8Array, pos: number): Promise<number> {
  await f.seek(pos, Deno.SeekMode.Start);
  let o = 0;
  while (o < buf.length) {
    const n = await f.read(buf.subarray(o));
    if (n === null) break;
    o += n;
  }
  return o;
}

async function dbfFileStart(f: Deno.FsFile, source: string, encoding: string, sampleBytes = 0) {
  const size = (await f.stat()).size;
  const head = new Uint8Array(Math.min(size, 32));
  await readFileAt(f, head, 0);
  const declared = head.length >= 12 ? new DataView(head.buffer).getUint16(8, true) : 32;
  const start = new Uint8Array(Math.min(size, Math.max(32, declared) + sampleBytes));
  await readFileAt(f, start, 0);
  const last = new Uint8Array(1);
  if (size > 0) await readFileAt(f, last, size - 1);
  const file = { size, lastByte: last[0] };
  return { header: readDbfHeader(start, source, encoding, file), start, file };
}

/**
 * The header of a DBF file and its first `sampleBytes` of records (for guessing the encoding),
 * without reading the rest.
 */
export async function readDbfFileHead(
  path: string,
  source = path,
  sampleBytes = 4 << 20,
): Promise<{ header: DbfHeader; samples: () => Uint8Array[] }> {
  using f = await Deno.open(path);
  const { header, start, file } = await dbfFileStart(f, source, "utf-8", sampleBytes);
  return { header, samples: () => dbfTextSamples(start, source, file) };
}

/** Bytes read at a time by {@link readDbfFile}. */
const CHUNK_BYTES = 4 << 20;

/**
 * {@link readDbf} over a file read in chunks of about 4 MiB into one reused buffer: the whole file
 * is never in memory (on a 200,000-record survey, 80 MB less at the peak and no time spent
 * faulting in pages that are read once). With `only`, the other fields are skipped: they keep
 * their place in `fields` but have no column.
 */
export async function readDbfFile(
  path: string,
  opts: { encoding: string; source?: string; only?: ReadonlySet<string> },
): Promise<DbfTable> {
  const source = opts.source ?? path;
  using f = await Deno.open(path);
  const { header: h } = await dbfFileStart(f, source, opts.encoding);
  const readAt = (buf: Uint8Array, pos: number) => readFileAt(f, buf, pos);
  const parser = new DbfRecords(h, opts.encoding, opts.only);
  const per = Math.max(1, Math.floor(CHUNK_BYTES / h.recordLength));
  const buf = new Uint8Array(Math.min(h.recordCount, per) * h.recordLength);
  for (let r = 0; r < h.recordCount; r += per) {
    const count = Math.min(per, h.recordCount - r);
    const got = await readAt(buf.subarray(0, count * h.recordLength), h.headerLength + r * h.recordLength);
    if (got < count * h.recordLength) throw new Error(`DBF 文件读取不完整：${source}（第 ${r + 1} 条记录起）`);
    parser.feed(buf, 0, count);
  }
  return parser.finish();
}

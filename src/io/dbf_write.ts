/**
 * dBASE III (.dbf) writer for GBK or UTF-8 attribute tables (the reader is in dbf.ts).
 */
import type { Cell, FieldDef } from "./layer.ts";
import { encodeGbk } from "./gbk.ts";

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

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
      throw new Error(
        `写出 DBF 出错：${target} 的字段名“${f.name}”编码后为 ${nb.length} 字节，须为 1–10 字节`,
      );
    }
    if (names.has(f.name.toUpperCase())) throw new Error(`写出 DBF 出错：${target} 的字段名“${f.name}”重复`);
    names.add(f.name.toUpperCase());
    const maxLen = f.type === "C" ? 254 : f.type === "D" ? 8 : f.type === "L" ? 1 : 32;
    if (!(f.length >= 1 && f.length <= maxLen) || (f.type === "D" && f.length !== 8)) {
      throw new Error(`写出 DBF 出错：${target} 的字段 ${f.name}（类型 ${f.type}）宽度 ${f.length} 无效`);
    }
    if ((f.type === "N" || f.type === "F") && f.decimals > 0 && f.decimals > f.length - 2) {
      throw new Error(
        `写出 DBF 出错：${target} 的字段 ${f.name} 宽度 ${f.length} 放不下 ${f.decimals} 位小数`,
      );
    }
    if (!layer.columns[f.name] || layer.columns[f.name].length < layer.length) {
      throw new Error(`写出 DBF 出错：${target} 缺少字段 ${f.name} 的数据（需要 ${layer.length} 个值）`);
    }
    nameBytes.push(nb);
    recordLength += f.length;
  }
  if (recordLength > 65535) {
    throw new Error(`写出 DBF 出错：${target} 的记录长度 ${recordLength} 字节超过上限 65535`);
  }
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
        const sl = s.length;
        let i = 0;
        if (sl <= f.length) {
          for (; i < sl; i++) {
            const c = s.charCodeAt(i);
            if (c >= 0x80) break;
            out[p + i] = c;
          }
          if (i === sl) continue; // ASCII, written in place
        }
        if (!gbk) {
          enc.encodeInto(s, out.subarray(p, p + f.length));
          continue;
        }
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

/**
 * GBK text support. Decoding uses the platform `TextDecoder("gbk")` (WHATWG GBK, i.e. the
 * two-byte part of GB18030); encoding uses a reverse table built lazily, once, by decoding
 * every two-byte GBK code (lead 0x81–0xFE, trail 0x40–0xFE except 0x7F).
 */

/** Code point → GBK code (lead << 8 | trail); 0 means "no two-byte code". Built on first use. */
let reverse: Uint16Array | null = null;

function buildReverse(): Uint16Array {
  const table = new Uint16Array(0x10000);
  const codes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail !== 0x7f) codes.push((lead << 8) | trail);
    }
  }
  const bytes = new Uint8Array(codes.length * 2);
  codes.forEach((c, i) => {
    bytes[i * 2] = c >> 8;
    bytes[i * 2 + 1] = c & 0xff;
  });
  const dec = new TextDecoder("gbk");
  const all = dec.decode(bytes);
  // Every two-byte code decodes to one BMP character; if that ever fails to hold (a code the
  // platform does not map), fall back to decoding code by code so that nothing misaligns.
  const aligned = all.length === codes.length && !all.includes("\ufffd");
  for (let i = 0; i < codes.length; i++) {
    let ch: string;
    if (aligned) ch = all[i];
    else {
      ch = dec.decode(bytes.subarray(i * 2, i * 2 + 2));
      if (ch.length !== 1 || ch === "\ufffd") continue;
    }
    const cp = ch.charCodeAt(0);
    if (cp >= 0x80 && table[cp] === 0) table[cp] = codes[i]; // first (lowest) code wins
  }
  return table;
}

function table(): Uint16Array {
  if (reverse === null) reverse = buildReverse();
  return reverse;
}

/**
 * The two-byte GBK code of a code point (lead byte << 8 | trail byte), or 0 when the
 * character is ASCII or has no GBK code.
 */
export function gbkCode(codePoint: number): number {
  if (codePoint < 0x80 || codePoint > 0xffff) return 0;
  return table()[codePoint];
}

/**
 * Encodes text as GBK. ASCII passes through unchanged; a character without a GBK code
 * throws an Error naming the character and its code point.
 */
export function encodeGbk(text: string): Uint8Array {
  const n = text.length;
  // Fast path: pure ASCII.
  let i = 0;
  while (i < n && text.charCodeAt(i) < 0x80) i++;
  const out = new Uint8Array(i === n ? n : n * 2);
  for (let k = 0; k < i; k++) out[k] = text.charCodeAt(k);
  if (i === n) return out;
  const t = table();
  let o = i;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    if (c === 0x20ac) { // € is the single byte 0x80 in GBK/CP936 (WHATWG encoder does the same)
      out[o++] = 0x80;
      continue;
    }
    const code = t[c];
    if (code === 0) {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      const hex = cp.toString(16).toUpperCase().padStart(4, "0");
      throw new Error(`字符“${ch}”（U+${hex}）没有 GBK 编码，无法按 GBK 写出`);
    }
    out[o++] = code >> 8;
    out[o++] = code & 0xff;
  }
  return out.subarray(0, o);
}

const decoders = new Map<string, TextDecoder>();

/** A cached, non-fatal TextDecoder for a label ("gbk", "utf-8", …). BOMs are kept. */
export function decoderFor(encoding: string): TextDecoder {
  const key = encoding.toLowerCase();
  let d = decoders.get(key);
  if (!d) {
    d = new TextDecoder(key, { ignoreBOM: true });
    decoders.set(key, d);
  }
  return d;
}

/** Decodes bytes with the given TextDecoder label (e.g. "gbk", "utf-8"); invalid bytes become U+FFFD. */
export function decodeText(bytes: Uint8Array, encoding: string): string {
  return decoderFor(encoding).decode(bytes);
}

/** Encodes text in "gbk" or "utf-8" (any label naming UTF-8 or GBK/GB2312/CP936 is accepted). */
export function encodeText(text: string, encoding: string): Uint8Array {
  const e = encoding.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (e === "utf8") return new TextEncoder().encode(text);
  if (e === "gbk" || e === "gb2312" || e === "cp936" || e === "936") return encodeGbk(text);
  throw new Error(`不支持的写出编码：${encoding}（只支持 GBK 和 UTF-8）`);
}

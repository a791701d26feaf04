import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { decodeText, encodeGbk, encodeText, gbkCode } from "../../src/io/gbk.ts";

Deno.test("encodeGbk: every GB2312 character round-trips through TextDecoder('gbk')", () => {
  const dec = new TextDecoder("gbk");
  let hanzi = 0, symbols = 0;
  for (let lead = 0xa1; lead <= 0xf7; lead++) {
    for (let trail = 0xa1; trail <= 0xfe; trail++) {
      const bytes = new Uint8Array([lead, trail]);
      const ch = dec.decode(bytes);
      assertEquals(ch.length, 1, `code ${lead.toString(16)}${trail.toString(16)}`);
      const cp = ch.charCodeAt(0);
      if (cp >= 0xe000 && cp <= 0xf8ff) continue; // GB2312 gaps: GBK user-defined area
      if (cp === 0x20ac) continue; // A2E3 is € in GBK, a GB2312 gap; € is written as 0x80 (CP936)
      if (lead >= 0xb0) hanzi++;
      else symbols++;
      assertEquals(encodeGbk(ch), bytes, `${ch} U+${cp.toString(16)}`);
    }
  }
  assertEquals(hanzi, 6763, "GB2312 has 3755 + 3008 hanzi");
  assert(symbols > 600, `GB2312 symbol rows: ${symbols}`);
});

Deno.test("encodeGbk: ASCII passes through, mixed text decodes back, GBK-only (non-GB2312) characters work", () => {
  assertEquals(encodeGbk("BSM,0101 abc~"), new TextEncoder().encode("BSM,0101 abc~"));
  const text = "耕地 0101 水田；旱地（0103）·示例村 — 镕 堃 € 亳州";
  const b = encodeGbk(text);
  assertEquals(decodeText(b, "gbk"), text);
  assertEquals(encodeGbk("€"), new Uint8Array([0x80]));
  assertEquals(encodeGbk(""), new Uint8Array(0));
  assertEquals(gbkCode("耕".codePointAt(0)!), 0xb8fb);
  assertEquals(gbkCode(0x41), 0);
});

Deno.test("encodeGbk: a character without a GBK code throws naming it and its code point", () => {
  assertThrows(() => encodeGbk("村名한"), Error, "“한”（U+D55C）");
  assertThrows(() => encodeGbk("𠀀"), Error, "U+20000");
});

Deno.test("decodeText / encodeText wrappers", () => {
  const utf8 = new TextEncoder().encode("水浇地");
  assertEquals(decodeText(utf8, "utf-8"), "水浇地");
  assertEquals(decodeText(encodeText("水浇地", "GBK"), "gbk"), "水浇地");
  assertEquals(encodeText("水浇地", "UTF-8"), utf8);
  assertEquals(encodeText("水浇地", "cp936"), encodeGbk("水浇地"));
  assertThrows(() => encodeText("x", "big5"), Error, "不支持");
});

import { assert, assertEquals } from "../_assert.ts";
import { cpgToEncoding, guessEncoding, looksLikeMojibake, mojibakeScore } from "../../src/io/encoding.ts";
import { encodeGbk } from "../../src/io/gbk.ts";

const SAMPLE = "耕地 水田 旱地 林地 示例村";
const utf8 = (s: string) => new TextEncoder().encode(s);

Deno.test("guessEncoding: UTF-8 with multibyte, GBK, ASCII", () => {
  assertEquals(guessEncoding([utf8(SAMPLE)]), "utf-8");
  assertEquals(guessEncoding([encodeGbk(SAMPLE)]), "gbk");
  assertEquals(guessEncoding([utf8("0101"), encodeGbk("水田")]), "gbk");
  assertEquals(guessEncoding([utf8("BSM"), utf8("0101")]), "utf-8");
  assertEquals(guessEncoding([]), "utf-8");
  // Overlong / surrogate / truncated sequences are not UTF-8.
  assertEquals(guessEncoding([new Uint8Array([0xc0, 0x80])]), "gbk");
  assertEquals(guessEncoding([new Uint8Array([0xed, 0xa0, 0x80])]), "gbk");
  assertEquals(guessEncoding([new Uint8Array([0xe8, 0x80])]), "gbk");
});

Deno.test("cpgToEncoding maps .cpg contents to TextDecoder labels", () => {
  for (const t of ["UTF-8", "utf8", " 65001\r\n", "Utf-8"]) assertEquals(cpgToEncoding(t), "utf-8", t);
  for (const t of ["GBK", "gbk\n", "936", "CP936", "cp936", "GB2312", "ANSI 936"]) {
    assertEquals(cpgToEncoding(t), "gbk", t);
  }
  assertEquals(cpgToEncoding("GB18030"), "gb18030");
  assertEquals(cpgToEncoding("1252"), "windows-1252");
  assertEquals(cpgToEncoding(""), null);
  assertEquals(cpgToEncoding("no-such-encoding"), null);
});

Deno.test("mojibake: UTF-8 bytes read as GBK are detected", () => {
  const garbled = new TextDecoder("gbk").decode(utf8(SAMPLE));
  assertEquals(garbled.startsWith("鑰曞湴"), true, garbled);
  assert(looksLikeMojibake(garbled), garbled);
  for (const w of SAMPLE.split(" ")) {
    assert(looksLikeMojibake(new TextDecoder("gbk").decode(utf8(w))), w);
  }
  assert(looksLikeMojibake("鑰曞湴"));
  assert(mojibakeScore([garbled]) > 0.9, String(mojibakeScore([garbled])));
});

Deno.test("mojibake: GBK bytes read as UTF-8 or Latin-1 are detected", () => {
  const asUtf8 = new TextDecoder("utf-8").decode(encodeGbk(SAMPLE));
  assert(asUtf8.includes("\ufffd"));
  assert(looksLikeMojibake(asUtf8), asUtf8);
  const asLatin1 = new TextDecoder("latin1").decode(encodeGbk(SAMPLE));
  assert(looksLikeMojibake(asLatin1), asLatin1);
  assert(looksLikeMojibake("Ã¨"));
  assert(looksLikeMojibake(new TextDecoder("latin1").decode(utf8("水田"))));
  assert(mojibakeScore([asLatin1]) > 0.9);
});

Deno.test("mojibake: correct Chinese text, including rarer place-name characters, is not flagged", () => {
  for (
    const t of [
      SAMPLE,
      "水浇地",
      "坑塘水面",
      "可调整乔木林地",
      "示例村民委员会",
      "岢岚县",
      "鸬鹚村",
      "麒麟区",
      "亳州市",
      "濉溪县",
      "粮与非粮轮作",
      "0101",
      "",
      "BSM-001（备注）",
    ]
  ) assert(!looksLikeMojibake(t), t);
  assertEquals(mojibakeScore([SAMPLE, "0101"]), 0);
  assertEquals(mojibakeScore([]), 0);
  assert(mojibakeScore(["水田", "旱地", "麒麟区"]) < 0.5);
});

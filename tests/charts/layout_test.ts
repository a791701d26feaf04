/** The shared chart rules: unit choice, number formats, shortfalls, wrapping, source line, guard. */
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  areaUnit,
  assertUnique,
  formatIn,
  formatShortfall,
  formatZh,
  isShortfall,
  SetAside,
  sourceLine,
  textWidth,
  wrapText,
} from "../../src/chartkit/layout.ts";

Deno.test("layout: 亩 below 10 万亩, 万亩 from it; zh-CN numbers; never NaN", () => {
  assertEquals(areaUnit([99_999, 5]).label, "亩");
  assertEquals(areaUnit([100_000]).label, "万亩");
  assertEquals(areaUnit([NaN, 12]).label, "亩");
  assertEquals(formatIn(areaUnit([12]), 12345.67), "12,345.7");
  assertEquals(formatIn(areaUnit([2_500_000]), 123_000), "12.30");
  assertEquals(formatZh(-0.01, 1), "0");
  assertThrows(() => formatZh(NaN), RangeError);
});

Deno.test("layout: a shortfall is at least 0.05 亩 whatever the unit, and never prints as zero", () => {
  assert(!isShortfall(0.04));
  assert(isShortfall(0.05));
  const wan = areaUnit([500_000]);
  assertEquals(formatShortfall(wan, 40), "40 亩");
  assertEquals(formatShortfall(wan, 3700), "0.37 万亩");
  assertEquals(formatShortfall(areaUnit([10]), 2.5), "2.5 亩");
});

Deno.test("layout: wrapping keeps every character, keeps numbers with their units, no orphan brackets", () => {
  const text = "集中连片潜力图斑II型 2,197 亩，非集中连片潜力图斑I型 1,687 亩（含 12.5 亩未核实）。";
  for (const w of [60, 100, 160, 240, 1000]) {
    const lines = wrapText(text, w);
    assertEquals(lines.join("").replaceAll(" ", ""), text.replaceAll(" ", ""), `width ${w}`);
    for (const l of lines) {
      assert(!/^[，。、；：）亩型]/.test(l), `line starts with closing punctuation or a unit: ${l}`);
      assert(!/[（]$/.test(l), `line ends with an opening bracket: ${l}`);
      // only a closing punctuation mark may hang past the width (the frame keeps a 16-px pad)
      if (w >= 100) assert(textWidth(l.replace(/[，。、；：）]+$/, "")) <= w, `${l} > ${w}`);
    }
  }
});

Deno.test("layout: source line, set-aside notes, duplicate keys", () => {
  assertEquals(sourceLine(undefined, "台账"), "数据来源：台账");
  assertEquals(sourceLine("资料来源：公报", "台账"), "资料来源：公报");
  const bad = new SetAside();
  bad.add("转出面积", "非有限数或负数", "甲县");
  bad.add("转出面积", "非有限数或负数", "乙县");
  assertEquals(bad.count, 2);
  assertEquals(bad.notes(), ["注意：转出面积不是有效数值（非有限数或负数），未画出 2 项：甲县、乙县。"]);
  assertThrows(() => assertUnique([{ k: "鼓楼区" }, { k: "鼓楼区" }], (r) => r.k, "县"), Error, "鼓楼区");
});

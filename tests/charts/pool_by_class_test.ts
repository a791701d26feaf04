/** Pool-by-class chart: snapshot, §4.3 stacking order and lengths, totals, guard, 100 townships. */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import { poolByClassChart, type PoolByClassRow } from "../../src/charts/pool_by_class.ts";
import { POOL_CLASS_COLORS } from "../../src/chartkit/palette.ts";
import { assertSnapshot, assertTextFits, bars, countyNames, random, svgSize, textsMatching } from "./_svg.ts";

const ROWS: PoolByClassRow[] = [
  { township: "城关镇", cls: "II_SCATTER", mu: 40 },
  { township: "城关镇", cls: "I_CONTIG", mu: 320 },
  { township: "河口乡", cls: "I_SCATTER", mu: 80 },
];

Deno.test("pool by class chart matches its snapshot", async () => {
  await assertSnapshot(poolByClassChart(ROWS, { source: "示例数据" }), "pool_by_class");
});

Deno.test("pool by class: classes stack in §4.3 order whatever the row order, lengths in 亩, totals", () => {
  const svg = poolByClassChart(ROWS);
  const i = bars(svg, POOL_CLASS_COLORS[0]);
  const iv = bars(svg, POOL_CLASS_COLORS[3]);
  const iii = bars(svg, POOL_CLASS_COLORS[2]);
  assertEquals([i.length, iii.length, iv.length], [1, 1, 1]);
  assertAlmostEquals(iv[0].x, i[0].x + i[0].width, 1e-6);
  assertAlmostEquals(i[0].width / iv[0].width, 320 / 40, 1e-9);
  assertAlmostEquals(iii[0].width / iv[0].width, 80 / 40, 1e-9);
  assertEquals(
    textsMatching(svg, /^\d[\d,]*$/).filter((t) => t.size === 11 && t.x0 > i[0].x + 10).map((t) => t.text)
      .slice(-2),
    [
      "360",
      "80",
    ],
  );
  for (
    const s of [
      "集中连片潜力图斑I型",
      "集中连片潜力图斑II型",
      "非集中连片潜力图斑I型",
      "非集中连片潜力图斑II型",
      "面积（亩）",
    ]
  ) {
    assert(svg.includes(s), s);
  }
  assert(svg.indexOf(">城关镇<") < svg.indexOf(">河口乡<"));
});

Deno.test("pool by class: invalid numbers never reach the SVG; bad class and duplicates throw", () => {
  const svg = poolByClassChart([
    { township: "城关镇", cls: "I_CONTIG", mu: NaN },
    { township: "城关镇", cls: "II_CONTIG", mu: 12.5 },
  ]);
  assert(!/NaN|Infinity/.test(svg));
  assert(svg.includes("12.5（另有无效值）"));
  assert(svg.includes("注意：集中连片潜力图斑I型面积不是有效数值（非有限数或负数），未画出 1 项：城关镇。"));
  assertThrows(() => poolByClassChart([{ township: "甲镇", cls: "III" as "I_CONTIG", mu: 1 }]), Error, "III");
  assertThrows(() => poolByClassChart([ROWS[0], ROWS[0]]), Error, "城关镇·非集中连片潜力图斑II型");
});

Deno.test("pool by class: 100 townships, no overlapping labels, height grows with rows", () => {
  const classes = ["I_CONTIG", "II_CONTIG", "I_SCATTER", "II_SCATTER"] as const;
  const make = (n: number): PoolByClassRow[] => {
    const r = random(n + 5);
    return countyNames(n, "镇").flatMap((township) =>
      classes.map((cls) => ({ township, cls, mu: Math.round(r() * 4000) / 10 }))
    );
  };
  const h = [3, 9, 100].map((n) => {
    const svg = poolByClassChart(make(n));
    assertTextFits(svg);
    return svgSize(svg).height;
  });
  assert(h[0] < h[1] && h[1] < h[2], String(h));
});

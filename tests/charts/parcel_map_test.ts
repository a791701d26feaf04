/** The potential-parcel map: 内部资料, pieces where their coordinates say, holes, dots, size for 5,000 pieces. */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../_assert.ts";
import { PARCEL_CLASS_LABELS, parcelClass, parcelMapChart } from "../../src/charts/parcel_map.ts";
import { geoGroups, matchSnapshot, pathBox, pathRings, texts } from "./_geo_svg.ts";

const sq = (
  x: number,
  y: number,
  w: number,
  h: number,
) => [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]];
const COUNTIES = [
  { code: "900101", name: "平川县", rings: [sq(0, 0, 10_000, 5_000)] },
  { code: "900102", name: "山阳县", rings: [sq(10_000, 0, 6_000, 5_000)] },
];
const PIECES = [
  // a piece with a hole (the hole wound the same way as the shell: even-odd filling still shows it)
  { cls: "I_CONTIG", rings: [sq(1_000, 1_000, 1_500, 1_200), sq(1_500, 1_400, 400, 300)] },
  { cls: "集中连片潜力图斑Ⅱ型", rings: [sq(4_000, 3_000, 900, 700)] },
  {
    cls: "I_SCATTER",
    rings: [[[7_000, 1_000], [7_400, 1_100], [7_300, 1_500], [6_900, 1_400], [7_000, 1_000]]],
  },
  { cls: "II_SCATTER", rings: [sq(12_000, 2_500, 15, 20)] }, // under 2 px: a dot
  { cls: "II_SCATTER", rings: [sq(13_000, 1_200, 300, 200)] },
];

Deno.test("parcel map matches its snapshot", async () => {
  await matchSnapshot(
    parcelMapChart(PIECES, COUNTIES, { caption: "来源：测试", crs: "EPSG:4547" }),
    "parcel_map.svg",
  );
});

Deno.test("parcel map: 内部资料 in the title and inside the drawing, whatever the title", () => {
  for (const title of [undefined, "平川县潜力图斑", "内部资料：平川县潜力图斑"]) {
    const svg = parcelMapChart(PIECES, COUNTIES, { title });
    const h2 = svg.match(/<h2>(.*?)<\/h2>/)![1];
    assert(h2.includes("内部资料"), h2);
    assertEquals(h2.split("内部资料").length, 2, "said once");
    const drawing = svg.slice(svg.indexOf("<svg", svg.indexOf("</h2>")));
    assert(texts(drawing).some((t) => t.includes("内部资料")), "marked inside the SVG");
    assert(svg.includes("不得公开或外传"));
  }
});

Deno.test("parcel map: a piece is where its coordinates say (same scale as the counties, north up)", () => {
  const svg = parcelMapChart(PIECES, COUNTIES);
  const [counties, polys] = geoGroups(svg);
  const c = pathBox(counties[0]);
  const k = (c.x1 - c.x0) / 10_000;
  assertAlmostEquals((c.x1 - c.x0) / (c.y1 - c.y0), 2, 0.01, "10 km × 5 km county, one scale");
  const at = (x: number, y: number) => [c.x0 + x * k, c.y1 - y * k];
  // the I_CONTIG piece: shell and hole, each vertex where it belongs
  const [shell, hole] = pathRings(polys[0]);
  for (const [x, y] of sq(1_000, 1_000, 1_500, 1_200).slice(0, 4)) {
    const [px, py] = at(x, y);
    assert(
      shell.some(([u, v]) => Math.abs(u - px) < 0.11 && Math.abs(v - py) < 0.11),
      `${x},${y} → ${px},${py}`,
    );
  }
  for (const [x, y] of sq(1_500, 1_400, 400, 300).slice(0, 4)) {
    const [px, py] = at(x, y);
    assert(hole.some(([u, v]) => Math.abs(u - px) < 0.11 && Math.abs(v - py) < 0.11), `hole ${x},${y}`);
  }
  // the hole came wound like its shell; it is drawn wound the other way, so non-zero filling
  // leaves it empty while pieces of one class share a path
  const area = (r: [number, number][]) =>
    r.reduce((a, p, i) => a + p[0] * r[(i + 1) % r.length][1] - r[(i + 1) % r.length][0] * p[1], 0);
  assert(Math.sign(area(shell)) === -Math.sign(area(hole)), "hole wound against its shell");
  assert(
    /class="county-outlines"[^>]*fill-rule="evenodd"|fill-rule="evenodd"[^>]*class="county-outlines"/.test(
      svg,
    ),
    "county enclaves",
  );
  // the second county's outline continues the first at the same scale
  const e = pathBox(counties[1]);
  assertAlmostEquals(e.x0, c.x1, 0.11);
  assertAlmostEquals((e.x1 - e.x0) / k, 6_000, 3);
});

Deno.test("parcel map: classes by code or name, counted in the legend; a piece too small to draw is a dot", () => {
  const svg = parcelMapChart(PIECES, COUNTIES);
  for (const [cls, n] of [["I_CONTIG", 1], ["II_CONTIG", 1], ["I_SCATTER", 1], ["II_SCATTER", 2]] as const) {
    assert(svg.includes(`${PARCEL_CLASS_LABELS[cls]}（${n} 块）`), cls);
  }
  const [, polys, dots] = geoGroups(svg);
  assertEquals(polys.length, 4, "one path per class with shapes");
  assertEquals(dots.length, 1, "the 15 m × 20 m piece");
  assert(svg.includes("以圆点示其位置（1 块）"));
  assertEquals(parcelClass(" 非集中连片潜力图斑Ⅰ型 "), "I_SCATTER");
  assertThrows(() => parcelMapChart([{ cls: "III型", rings: [sq(0, 0, 10, 10)] }]), Error, "III型");
  const none = parcelMapChart([...PIECES, { cls: "I_CONTIG", rings: [[[NaN, NaN]]] }], COUNTIES);
  assert(none.includes("集中连片潜力图斑I型（2 块）") && none.includes("1 块图斑没有有效坐标"));
});

Deno.test("parcel map: 5,000 pieces stay a reasonable size", () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const classes = Object.keys(PARCEL_CLASS_LABELS);
  const pieces = Array.from({ length: 5_000 }, (_, i) => {
    const cx = 500 + rnd() * 15_000, cy = 300 + rnd() * 4_400, r = 10 + rnd() ** 2 * 150;
    const n = 8 + Math.floor(rnd() * 40);
    const ring = Array.from({ length: n }, (_, j) => {
      const a = (j / n) * 2 * Math.PI;
      return [38_500_000 + cx + r * Math.cos(a) + rnd() * 1e-3, 3_400_000 + cy + r * Math.sin(a)];
    });
    return { cls: classes[i % 4], rings: [[...ring, ring[0]]] };
  });
  const shifted = COUNTIES.map((c) => ({
    ...c,
    rings: c.rings.map((r) => r.map(([x, y]) => [38_500_000 + x, 3_400_000 + y])),
  }));
  const t0 = performance.now();
  const svg = parcelMapChart(pieces, shifted);
  const ms = performance.now() - t0;
  console.log(`5,000 pieces: ${svg.length.toLocaleString("en")} bytes, ${Math.round(ms)} ms`);
  assert(svg.length < 600_000, `${svg.length} bytes`);
  assert(ms < 10_000, `${ms} ms`);
  for (const c of classes) assert(svg.includes(`（1,250 块）`), c);
  // coordinates carry at most one decimal
  const [, polys] = geoGroups(svg);
  assert(!/\d\.\d\d/.test(polys.join("")), "path numbers rounded to 0.1 px");
});

import { assertAlmostEquals, assertEquals } from "../_assert.ts";
import { featurePlanarArea, polygonColumnFromRings } from "../../src/geom/types.ts";
import { geometryIssues } from "../../src/geom/validate.ts";
import { featureCentroid } from "../../src/geom/centroid.ts";

Deno.test("bow-tie ring is self-intersecting at its crossing", () => {
  const col = polygonColumnFromRings([[[[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]]]);
  const issues = geometryIssues(col, 0);
  assertEquals(issues.map((i) => i.kind), ["self_intersection"]);
  assertEquals(issues[0].at, [5, 5]);
});

Deno.test("valid rings, duplicated vertices and holes pass; degenerate rings and empties do not", () => {
  const col = polygonColumnFromRings([
    [[[[0, 0], [10, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]]]],
    [],
    [[[[0, 0], [1, 1], [0, 0]]]],
    [[[[0, 0], [NaN, 0], [1, 1], [0, 0]]]],
    // A spike folding back along itself: adjacent edges overlap.
    [[[[0, 0], [10, 0], [5, 0], [5, 5], [0, 0]]]],
  ]);
  assertEquals(geometryIssues(col, 0), []);
  assertEquals(geometryIssues(col, 1).map((i) => i.kind), ["empty"]);
  assertEquals(geometryIssues(col, 2).map((i) => i.kind), ["too_few_points"]);
  assertEquals(geometryIssues(col, 3).map((i) => i.kind), ["non_finite"]);
  assertEquals(geometryIssues(col, 4).map((i) => i.kind), ["self_intersection"]);
});

Deno.test("area and centroid of a square with an off-centre hole, at Gauss–Krüger magnitudes", () => {
  const x0 = 38_500_000, y0 = 3_300_000;
  const sq = [[x0, y0], [x0 + 100, y0], [x0 + 100, y0 + 100], [x0, y0 + 100]] as [number, number][];
  const hole = [[x0 + 10, y0 + 10], [x0 + 10, y0 + 30], [x0 + 30, y0 + 30], [x0 + 30, y0 + 10]] as [number, number][];
  const col = polygonColumnFromRings([[[sq, hole]]]);
  assertEquals(featurePlanarArea(col, 0), 10000 - 400);
  const [cx, cy] = featureCentroid(col, 0);
  // (10000·50 − 400·20) / 9600 = 51.25
  assertAlmostEquals(cx - x0, 51.25, 1e-9);
  assertAlmostEquals(cy - y0, 51.25, 1e-9);
});

Deno.test("a second shell inside the first (a hole wound the wrong way) is overlapping parts; disjoint parts are fine", () => {
  const outer: [number, number][] = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
  const inner: [number, number][] = [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]];
  const apart: [number, number][] = [[20, 0], [30, 0], [30, 10], [20, 10], [20, 0]];
  const touching: [number, number][] = [[10, 0], [20, 0], [20, 10], [10, 10], [10, 0]];
  const col = polygonColumnFromRings([[[outer], [inner]], [[outer], [apart]], [[outer], [touching]]]);
  assertEquals(geometryIssues(col, 0).map((i) => i.kind), ["overlapping_parts"]);
  assertEquals(geometryIssues(col, 1), []);
  assertEquals(geometryIssues(col, 2), []);
});

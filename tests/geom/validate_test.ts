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

Deno.test("self-intersection agrees with a plain pairwise check on 3,000 random rings (short and long, touching and collinear)", () => {
  // Independent reference: every pair of edges, closed segments, collinear overlaps included.
  const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  const within = (a: number, b: number, c: number) => Math.min(a, b) <= c && c <= Math.max(a, b);
  const meet = (p: number[], q: number[], r: number[], s: number[]) => {
    const o1 = orient(p[0], p[1], q[0], q[1], r[0], r[1]), o2 = orient(p[0], p[1], q[0], q[1], s[0], s[1]);
    const o3 = orient(r[0], r[1], s[0], s[1], p[0], p[1]), o4 = orient(r[0], r[1], s[0], s[1], q[0], q[1]);
    if (o1 !== o2 && o3 !== o4) return true;
    const on = (a: number[], b: number[], c: number[]) => within(a[0], b[0], c[0]) && within(a[1], b[1], c[1]);
    return (o1 === 0 && on(p, q, r)) || (o2 === 0 && on(p, q, s)) || (o3 === 0 && on(r, s, p)) || (o4 === 0 && on(r, s, q));
  };
  const reference = (ring: number[][]): boolean => {
    const pts = ring.filter((v, i) => i === 0 || v[0] !== ring[i - 1][0] || v[1] !== ring[i - 1][1]);
    const m = pts.length - 1; // edges i: pts[i] → pts[i + 1]
    if (m < 3) return false;
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j < m; j++) {
        const adjacent = j === i + 1 || (i === 0 && j === m - 1);
        const [a, b, c, d] = [pts[i], pts[i + 1], pts[j], pts[j + 1]];
        if (!adjacent) {
          if (meet(a, b, c, d)) return true;
          continue;
        }
        // Adjacent edges share a vertex; they conflict only when they fold back over each other.
        const shared = j === i + 1 ? b : a, other1 = j === i + 1 ? a : b, other2 = j === i + 1 ? d : c;
        if (orient(shared[0], shared[1], other1[0], other1[1], other2[0], other2[1]) === 0 &&
          (other1[0] - shared[0]) * (other2[0] - shared[0]) + (other1[1] - shared[1]) * (other2[1] - shared[1]) > 0) return true;
      }
    }
    return false;
  };
  let seed = 20261207;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  let crossing = 0, clean = 0;
  for (let n = 0; n < 3000; n++) {
    const count = 3 + Math.floor(rand() * (n % 3 === 0 ? 60 : 20));
    const ring: number[][] = [];
    if (n % 2 === 0) {
      // Star-shaped around a centre, angles sorted: mostly simple, on a coarse grid (touching, collinear).
      const angles = Array.from({ length: count }, () => rand() * 2 * Math.PI).sort((a, b) => a - b);
      for (const t of angles) {
        const r = 2 + Math.floor(rand() * 8);
        ring.push([38_450_000 + Math.round(r * Math.cos(t)), 3_400_000 + Math.round(r * Math.sin(t))]);
      }
    } else for (let i = 0; i < count; i++) ring.push([38_450_000 + Math.floor(rand() * 6), 3_400_000 + Math.floor(rand() * 6)]);
    ring.push([...ring[0]]);
    const col = polygonColumnFromRings([[[ring as [number, number][]]]]);
    const found = geometryIssues(col, 0).some((i) => i.kind === "self_intersection");
    const tooFew = geometryIssues(col, 0).some((i) => i.kind === "too_few_points");
    if (tooFew) continue;
    assertEquals(found, reference(ring), `ring ${n}: ${JSON.stringify(ring)}`);
    if (found) crossing++;
    else clean++;
  }
  assertEquals(crossing > 300 && clean > 300, true, `both outcomes occur: ${crossing} crossing, ${clean} clean`);
});

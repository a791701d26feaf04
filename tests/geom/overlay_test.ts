/**
 * Overlay, distance and clustering on hand-made geometries with exactly known answers.
 * Coordinates sit at Gauss–Krüger magnitudes (easting with zone prefix) so the local-origin
 * handling is exercised too.
 */
import { assert, assertAlmostEquals, assertEquals } from "../_assert.ts";
import { polygonColumnFromRings, type PolygonRings, type Position } from "../../src/geom/types.ts";
import { createOverlay, localOrigin, type Overlay, type Piece } from "../../src/geom/overlay.ts";
import { featureDistance, featuresWithinDistance } from "../../src/geom/distance.ts";
import { clusterByDistance, withinDistance } from "../../src/geom/cluster.ts";
import { FeatureIndex } from "../../src/geom/spatial_index.ts";

const X0 = 39_474_000, Y0 = 3_450_000;

/** A closed axis-aligned rectangle ring at the test origin, counter-clockwise. */
function rect(x1: number, y1: number, x2: number, y2: number): Position[] {
  return [[X0 + x1, Y0 + y1], [X0 + x2, Y0 + y1], [X0 + x2, Y0 + y2], [X0 + x1, Y0 + y2], [X0 + x1, Y0 + y1]];
}

function cw(r: Position[]): Position[] {
  return [...r].reverse();
}

const col = (...features: PolygonRings[][]) => polygonColumnFromRings(features);

let ovPromise: Promise<Overlay> | null = null;
function overlay(): Promise<Overlay> {
  ovPromise ??= createOverlay({ origin: [X0 - 1000, Y0 - 1000] });
  return ovPromise;
}

function areas(pieces: Piece[]): number[] {
  return pieces.map((p) => Math.round(p.area * 1e6) / 1e6);
}

Deno.test("erase: square minus an overlapping square leaves an L of known area", async () => {
  const ov = await overlay();
  const subject = col([[rect(0, 0, 100, 100)]]);
  const clip = ov.unionLayer(col([[rect(50, 50, 150, 150)]]));
  const pieces = ov.erase(subject, 0, clip);
  assertEquals(areas(pieces), [7500]);
  assertEquals(pieces[0].rings.length, 1);
  assertEquals(pieces[0].rings[0].length, 7); // six corners, closed
  assertAlmostEquals(ov.overlapArea(subject, 0, clip), 2500, 1e-9);
  clip.dispose();
});

Deno.test("erase: a strip across the parcel splits it into two pieces", async () => {
  const ov = await overlay();
  const subject = col([[rect(0, 0, 100, 100)]]);
  const clip = ov.unionLayer(col([[rect(40, -10, 60, 110)]]));
  const pieces = ov.erase(subject, 0, clip);
  assertEquals(areas(pieces), [4000, 4000]);
  // Stable order: by box (west piece first).
  assert(pieces[0].rings[0].every(([x]) => x <= X0 + 40), "west piece first");
  clip.dispose();
});

Deno.test("erase: parts touching at one point are two pieces (OGC-valid result)", async () => {
  const ov = await overlay();
  // Two triangles cut away leave two squares meeting only at (50, 50).
  const subject = col([[rect(0, 0, 100, 100)]]);
  const clip = ov.unionLayer(col([[rect(50, 0, 100, 50)]], [[rect(0, 50, 50, 100)]]));
  const pieces = ov.erase(subject, 0, clip);
  assertEquals(areas(pieces), [2500, 2500]);
  clip.dispose();
});

Deno.test("erase: an exact copy of the parcel (even wound the other way) leaves nothing", async () => {
  const ov = await overlay();
  const subject = col([[rect(0, 0, 100, 100)]]);
  const clip = ov.unionLayer(col([[cw(rect(0, 0, 100, 100))]], [[rect(0, 0, 100, 100)]]));
  assertEquals(ov.erase(subject, 0, clip), []);
  assertAlmostEquals(ov.overlapArea(subject, 0, clip), 10000, 1e-9);
  clip.dispose();
});

Deno.test("erase: holes are kept, and a clip filling a hole changes nothing", async () => {
  const ov = await overlay();
  const subject = col([[rect(0, 0, 100, 100), cw(rect(40, 40, 60, 60))]]);
  const pond = ov.unionLayer(col([[rect(40, 40, 60, 60)]]));
  const pieces = ov.erase(subject, 0, pond);
  assertEquals(areas(pieces), [9600]);
  assertEquals(pieces[0].rings.length, 2);
  assertEquals(ov.overlapArea(subject, 0, pond), 0);
  // A clip inside the parcel punches a new hole.
  const inner = ov.unionLayer(col([[rect(10, 10, 20, 20)]]));
  const holed = ov.erase(subject, 0, inner);
  assertEquals(areas(holed), [9500]);
  assertEquals(holed[0].rings.length, 3);
  pond.dispose();
  inner.dispose();
});

Deno.test("erase: clip layers sharing edges with each other and with the parcel", async () => {
  const ov = await overlay();
  const subject = col([[rect(0, 0, 100, 100)]]);
  // Two layers tiling the east half exactly along x = 50 and y = 50, one duplicated feature.
  const a = ov.unionLayer(col([[rect(50, 0, 100, 50)]], [[rect(50, 0, 100, 50)]]));
  const b = ov.unionLayer(col([[rect(50, 50, 100, 100)]]));
  const mask = ov.unionSets([a, b]);
  assertEquals(mask.partCount, 1);
  assertAlmostEquals(mask.area, 5000, 1e-9);
  assertEquals(areas(ov.erase(subject, 0, mask)), [5000]);
  // A clip that only shares the parcel's edge removes nothing.
  const outside = ov.unionLayer(col([[rect(100, 0, 200, 100)]]));
  assertEquals(areas(ov.erase(subject, 0, outside)), [10000]);
  assertEquals(ov.overlapArea(subject, 0, outside), 0);
  for (const s of [a, b, mask, outside]) s.dispose();
});

Deno.test("erase: MultiPolygon subject, wrong winding and duplicated vertices", async () => {
  const ov = await overlay();
  const west = cw(rect(0, 0, 100, 100));
  west.splice(2, 0, west[1]); // a repeated vertex
  const subject = col([[west], [rect(200, 0, 300, 100)]]);
  const clip = ov.unionLayer(col([[rect(250, -10, 400, 110)]]));
  const pieces = ov.erase(subject, 0, clip);
  assertEquals(areas(pieces), [10000, 5000]);
  // OGC order on output: shell counter-clockwise.
  for (const p of pieces) {
    const r = p.rings[0];
    let s = 0;
    for (let i = 0; i + 1 < r.length; i++) {
      s += (r[i][0] - X0) * (r[i + 1][1] - Y0) - (r[i + 1][0] - X0) * (r[i][1] - Y0);
    }
    assert(s > 0, "shell counter-clockwise");
  }
  clip.dispose();
});

Deno.test("erase: no clip nearby returns the parcel's polygons; local origin is exact", async () => {
  const ov = await overlay();
  const subject = col([[rect(0, 0, 10, 10)]]);
  const far = ov.unionLayer(col([[rect(5000, 5000, 5010, 5010)]]));
  const pieces = ov.erase(subject, 0, far);
  assertEquals(areas(pieces), [100]);
  const xs = pieces[0].rings[0].map(([x]) => x).sort((a, b) => a - b);
  assertEquals([xs[0], xs[xs.length - 1]], [X0, X0 + 10]);
  assertEquals(localOrigin(subject), [39_474_000, 3_450_000]);
  far.dispose();
});

Deno.test("distance: separate, exactly gap, touching, crossing, contained, inside a hole", () => {
  const c = col(
    [[rect(0, 0, 10, 10)]], // 0
    [[rect(20, 0, 30, 10)]], // 1: 10 m east of 0
    [[rect(10, 10, 20, 20)]], // 2: touches 0 at a corner
    [[rect(5, 5, 15, 15)]], // 3: overlaps 0
    [[rect(2, 2, 3, 3)]], // 4: inside 0
    [[rect(-50, -50, 50, 50), cw(rect(-40, -40, 40, 40))]], // 5: ring around 0, 30 m off
    [[rect(23, 13, 26, 17)]], // 6: 3 m above 1 (segment–segment)
    [[rect(33, 14, 40, 20)]], // 7: corner-to-corner 5 m from 1 (3-4-5)
  );
  assertEquals(featureDistance(c, 0, c, 1), 10);
  assert(featuresWithinDistance(c, 0, c, 1, 10), "exactly gap counts");
  assert(!featuresWithinDistance(c, 0, c, 1, 9.999999), "just under gap does not");
  assertEquals(featureDistance(c, 0, c, 2), 0);
  assertEquals(featureDistance(c, 0, c, 3), 0);
  assertEquals(featureDistance(c, 0, c, 4), 0);
  assertEquals(featureDistance(c, 4, c, 0), 0);
  assertEquals(featureDistance(c, 0, c, 5), 30);
  assertEquals(featureDistance(c, 1, c, 6), 3);
  assertEquals(featureDistance(c, 1, c, 7), 5);
  // With a limit, far pairs report something beyond it without a full search.
  assert(featureDistance(c, 0, c, 5, 10) > 10, "beyond the limit");
});

Deno.test("clusters: chains within gap join, exactly gap joins, beyond gap does not", () => {
  const c = col(
    [[rect(0, 0, 10, 10)]],
    [[rect(20, 0, 30, 10)]], // 10 m from 0 → joins
    [[rect(30, 0, 40, 10)]], // shares an edge with 1 → joins
    [[rect(50.5, 0, 60, 10)]], // 10.5 m from 2 → apart
    [[rect(0, 100, 10, 110)]], // not a member
  );
  const { clusterOf, count } = clusterByDistance(c, [0, 1, 2, 3], 10);
  assertEquals(Array.from(clusterOf), [0, 0, 0, 1, -1]);
  assertEquals(count, 2);
  assertEquals(Array.from(clusterByDistance(c, null, 10.5).clusterOf), [0, 0, 0, 0, 1]);
});

Deno.test("withinDistance: a piece is tested against chosen parcels only", () => {
  const parcels = col([[rect(0, 0, 10, 10)]], [[rect(100, 0, 110, 10)]]);
  const idx = FeatureIndex.build(parcels);
  assertEquals(withinDistance([rect(20, 0, 30, 10)], parcels, idx, 10), 0);
  assertEquals(withinDistance([rect(20, 0, 30, 10)], parcels, idx, 9.99), -1);
  assertEquals(withinDistance([rect(90, 0, 95, 10)], parcels, idx, 5, (k) => k === 1), 1);
  assertEquals(withinDistance([rect(20, 0, 30, 10)], parcels, idx, 10, (k) => k === 1), -1);
  assertEquals(idx.search([X0 + 50, Y0, X0 + 60, Y0 + 5]), []);
  assertEquals(idx.searchWithin([X0 + 50, Y0, X0 + 60, Y0 + 5], 40).sort(), [0, 1]);
});

Deno.test("erase: self-intersecting inputs are repaired instead of failing", async () => {
  const ov = await overlay();
  // A bow-tie parcel (two 50 m² triangles meeting at (5, 5)) and a bow-tie clip.
  const bow: Position[] = [[X0, Y0], [X0 + 10, Y0 + 10], [X0 + 10, Y0], [X0, Y0 + 10], [X0, Y0]];
  const subject = col([[bow]]);
  const far = ov.unionLayer(col([[rect(500, 500, 510, 510)]]));
  assertEquals(areas(ov.erase(subject, 0, far)), [25, 25]);
  const clip = ov.unionLayer(col([[bow]]));
  assertAlmostEquals(clip.area, 50, 1e-9);
  assertEquals(ov.erase(subject, 0, clip), []);
  const half = ov.unionLayer(col([[rect(0, 0, 5, 10)]]));
  assertEquals(areas(ov.erase(subject, 0, half)), [25]);
  assert(ov.repaired >= 2, "repairs are counted");
  // Overlapping parts of one MultiPolygon count once.
  const overlapping = col([[rect(0, 0, 10, 10)], [rect(5, 0, 15, 10)]]);
  assertEquals(areas(ov.erase(overlapping, 0, far)), [150]);
  for (const s of [far, clip, half]) s.dispose();
});

Deno.test("erase against several overlapping layers equals erase against their union; per-layer overlaps", async () => {
  const ov = await overlay();
  const subject = col([[rect(0, 0, 100, 100)]]);
  const a = ov.unionLayer(col([[rect(-10, -10, 60, 60)]]));
  const b = ov.unionLayer(col([[rect(40, 40, 110, 110)]], [[rect(40, 40, 110, 110)]]));
  const mask = ov.unionSets([a, b]);
  // Left: the two 40 m × 40 m corners [60, 100] × [0, 40] and [0, 40] × [60, 100].
  assertEquals(areas(ov.erase(subject, 0, [a, b])), [1600, 1600]);
  assertEquals(areas(ov.erase(subject, 0, mask)), [1600, 1600]);
  // Land under both layers counts in each layer, and once in the union.
  assertEquals(Array.from(ov.overlapAreas(subject, 0, [a, b])), [3600, 3600]);
  assertEquals(ov.overlapArea(subject, 0, mask), 6800);
  assertEquals(ov.overlapArea(subject, 0, [a, b]), 6800);
  for (const s of [a, b, mask]) s.dispose();
});

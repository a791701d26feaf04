/**
 * Photo distance benchmark (not a test): 50,000 photo positions (CGCS2000 lon/lat) around
 * 5,000 pieces of 8–40 vertices in a 3° Gauss–Krüger zone, the distance from each photo to its
 * piece computed
 *
 * - as the import does (photoDistancer: the point projected into the pieces' CRS, planar
 *   distance there; pieces in a geographic CRS are projected into the point's GK zone);
 * - with turf's pointToPolygonDistance (spherical, on WGS84 degrees), the pieces converted to
 *   degrees beforehand (turf's best case; the conversion is timed apart).
 *
 * Prints medians of wall and CPU ms over `runs` repetitions, then how far the two are apart in
 * metres, how many photos change side of the 200 m rule, and how many of the one-decimal
 * distances in the "photo_far" message change; and the error of each against the distance on
 * the CGCS2000 ellipsoid (geodesic from the photo to the nearest point of the piece).
 *
 *   npx --yes deno@2.9.6 run -A bench/photo_distance_bench.ts [--points 50000] [--runs 7]
 */
import { pointToPolygonDistance } from "@turf/turf";
import { numberArg, parseArgs } from "../src/cli/args.ts";
import { CGCS2000_GEOGRAPHIC, gaussKrugerZone, transformer } from "../src/io/crs.ts";
import type { PolygonRings } from "../src/geom/types.ts";
import { photoDistancer } from "../src/evaluate/photos.ts";
import { geodesicInverse } from "../src/geom/geodesic.ts";

const args = parseArgs(Deno.args, { string: ["points", "runs"] });
const points = numberArg(args, "points", 50_000);
const runs = numberArg(args, "runs", 7);
import { measure } from "./_measure.ts";
let seed = 12345;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;


// pieces: star-shaped rings around centres spread over the zone (up to ~1.4° from its meridian)
const GK = gaussKrugerZone(38, true);
const toGeo = transformer(GK, CGCS2000_GEOGRAPHIC);
const nPieces = Math.max(1, Math.round(points / 10));
const pieces: PolygonRings[][] = [];
const centres: [number, number][] = [];
for (let p = 0; p < nPieces; p++) {
  const cx = 38500000 + (rnd() - 0.5) * 260000, cy = 3000000 + rnd() * 1500000;
  const m = 8 + Math.floor(rnd() * 33), ring: [number, number][] = [];
  for (let k = 0; k < m; k++) {
    const a = (2 * Math.PI * k) / m, r = 40 + rnd() * 80;
    ring.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  ring.push(ring[0]);
  pieces.push([[ring]]);
  centres.push([cx, cy]);
}
// photos: within ~400 m of their piece's centre (inside, near, and beyond the 200 m rule)
const photos = Array.from({ length: points }, (_, i) => {
  const [cx, cy] = centres[i % nPieces];
  const a = rnd() * 2 * Math.PI, r = rnd() * 400;
  return toGeo(cx + r * Math.cos(a), cy + r * Math.sin(a));
});

const dist = photoDistancer(GK);
const time = async <T>(name: string, f: () => T): Promise<T> => (await measure(name, f, runs, 34)).value;
const ours = await time("photoDistancer (GK, planar)", () => photos.map(([lon, lat], i) => dist(lon, lat, pieces[i % nPieces])));
const geoPieces = await time("pieces to degrees (for turf)", () => pieces.map((p) => p.map((poly) => poly.map((r) => r.map(([x, y]) => toGeo(x, y))))));
const distGeo = photoDistancer(CGCS2000_GEOGRAPHIC);
const oursGeo = await time("photoDistancer (pieces in degrees)", () =>
  photos.map(([lon, lat], i) => distGeo(lon, lat, geoPieces[i % nPieces])));
const turf = await time("turf pointToPolygonDistance", () =>
  photos.map(([lon, lat], i) => {
    const d = pointToPolygonDistance([lon, lat], { type: "Polygon", coordinates: geoPieces[i % nPieces][0] }, {
      units: "meters",
    });
    return Math.max(0, d); // turf gives a negative distance inside
  }));

const compare = (name: string, a: number[], b: number[]) => {
  let max = 0, rel = 0, side = 0, shown = 0;
  a.forEach((x, i) => {
    const d = Math.abs(x - b[i]);
    max = Math.max(max, d);
    if (x > 1) rel = Math.max(rel, d / x);
    if ((x <= 200) !== (b[i] <= 200)) side++;
    if (x > 200 && Math.round(x * 10) !== Math.round(b[i] * 10)) shown++;
  });
  console.log(
    `${name}: 最大差 ${max.toFixed(3)} 米（相对 ${(rel * 100).toFixed(3)}%），200 米判定不同 ${side} 个，超距提示的米数（一位小数）不同 ${shown} 个`,
  );
};
console.log(`${points} 张照片，${nPieces} 个图斑；距离 0 的（在图斑内）${ours.filter((d) => d === 0).length} 个`);
compare("turf 与 GK 平面", ours, turf);
compare("度坐标图斑（投影到点所在带）与 GK 平面", ours, oursGeo);

// reference: the geodesic on the ellipsoid from the photo to the piece's nearest point (found in GK)
const toGk = transformer(CGCS2000_GEOGRAPHIC, GK);
const reference = photos.map(([lon, lat], i) => {
  const [px, py] = toGk(lon, lat);
  const ring = pieces[i % nPieces][0][0];
  let best = Infinity, nx = px, ny = py;
  for (let v = 0; v + 1 < ring.length; v++) {
    const [ax, ay] = ring[v], [bx, by] = ring[v + 1], dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    const d = Math.hypot(px - ax - t * dx, py - ay - t * dy);
    if (d < best) [best, nx, ny] = [d, ax + t * dx, ay + t * dy];
  }
  if (ours[i] === 0) return 0;
  const [nlon, nlat] = toGeo(nx, ny);
  return geodesicInverse(lon, lat, nlon, nlat).distanceM;
});
compare("GK 平面与椭球面测地线", reference, ours);
compare("turf 与椭球面测地线", reference, turf);

/**
 * FlatGeobuf polygon layers, read with the `flatgeobuf` package; the CRS comes from the
 * header (EPSG code or WKT).
 *
 * @example
 * ```ts
 * const layer = await readFlatGeobuf("data/DLTB.fgb");
 * ```
 */
import { deserialize, serialize } from "flatgeobuf/lib/mjs/geojson.js";
import type { HeaderMeta } from "flatgeobuf/lib/mjs/header-meta.js";
import { layerFromFeatures } from "./geojson.ts";
import type { VectorLayer } from "./layer.ts";
import { featureGeoJSON } from "../geom/types.ts";

/** Reads a FlatGeobuf file of polygons into a layer. Corrupt input → Chinese error naming the file. */
export async function readFlatGeobuf(path: string): Promise<VectorLayer> {
  const bytes = await Deno.readFile(path);
  const magic = [0x66, 0x67, 0x62];
  if (bytes.length < 8 || !magic.every((b, i) => bytes[i] === b)) {
    throw new Error(`不是 FlatGeobuf 文件（文件头不符）：${path}`);
  }
  let header: HeaderMeta | null = null;
  const features: unknown[] = [];
  try {
    // The header is checked before the library walks the index: a count of 0 with an index, or
    // more features than the bytes could hold, sends flatgeobuf's index arithmetic into an
    // endless loop (found by fuzzing; see tests/io/fuzz_test.ts).
    const check = (h: HeaderMeta) => {
      header = h;
      const count = Number(h.featuresCount);
      if (!Number.isFinite(count) || count < 0 || count > bytes.length / 8) {
        throw new Error(`文件头声明 ${h.featuresCount} 个要素，与文件大小 ${bytes.length} 字节不符`);
      }
      if (h.indexNodeSize !== 0 && (count === 0 || h.indexNodeSize < 2 || h.indexNodeSize > 65535)) {
        throw new Error(`文件头的空间索引参数无效（要素 ${count} 个，索引节点大小 ${h.indexNodeSize}）`);
      }
    };
    for await (const f of deserialize(bytes, { headerMetaFn: check })) {
      features.push(f);
    }
  } catch (e) {
    throw new Error(`FlatGeobuf 文件损坏或被截断：${path}（已读 ${features.length} 个要素；${(e as Error).message}）`);
  }
  const h = header as HeaderMeta | null;
  if (h && h.featuresCount > 0 && features.length !== h.featuresCount) {
    throw new Error(`FlatGeobuf 文件被截断：${path} 声明 ${h.featuresCount} 个要素，只读到 ${features.length} 个`);
  }
  const crs = h?.crs;
  const crsText = crs == null ? null : crs.wkt ? crs.wkt : crs.code > 0 ? `${crs.org ?? "EPSG"}:${crs.code}` : null;
  return layerFromFeatures(features, path, crsText);
}

/** Writes a layer with geometry as FlatGeobuf (tests and exports); the EPSG code goes in the header. */
export async function writeFlatGeobuf(
  path: string,
  layer: Pick<VectorLayer, "columns" | "length" | "geometry" | "fields">,
  epsg?: number,
): Promise<void> {
  if (!layer.geometry) throw new Error(`写 FlatGeobuf 需要几何：${path}`);
  const features = Array.from({ length: layer.length }, (_, k) => ({
    type: "Feature" as const,
    properties: Object.fromEntries(layer.fields.map((f) => [f.name, layer.columns[f.name][k]])),
    geometry: featureGeoJSON(layer.geometry!, k),
  }));
  const bytes = serialize({ type: "FeatureCollection", features } as never, epsg);
  const tmp = `${path}.tmp-${crypto.randomUUID()}`;
  await Deno.writeFile(tmp, bytes);
  await Deno.rename(tmp, path);
}

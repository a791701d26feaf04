import { assert, assertEquals } from "../_assert.ts";
import { assertRejects } from "./_helpers.ts";
import { parseGeoJSON, readGeoJSON, writeGeoJSON } from "../../src/io/geojson.ts";
import {
  featurePlanarArea,
  featureRings,
  polygonColumnFromRings,
  ringSignedArea,
} from "../../src/geom/types.ts";
import type { VectorLayer } from "../../src/io/layer.ts";

const X0 = 38500000, Y0 = 3430000;

function fc(features: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: "FeatureCollection", ...extra, features });
}

Deno.test("readGeoJSON: properties union, crs name, null geometry, winding normalised", async () => {
  const dir = await Deno.makeTempDir({ prefix: "geojson_test_" });
  try {
    // Shell clockwise and hole counter-clockwise on purpose: the reader must flip both.
    const shellCw = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]];
    const holeCcw = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]];
    const text = fc([
      {
        type: "Feature",
        properties: { 名称: "甲", 面积: 96 },
        geometry: { type: "Polygon", coordinates: [shellCw, holeCcw] },
      },
      { type: "Feature", properties: { 名称: "乙", 类型: "已建", 有效: true }, geometry: null },
      {
        type: "Feature",
        properties: { 面积: 0.1 + 0.2 },
        geometry: {
          type: "MultiPolygon",
          coordinates: [[[[20, 0], [22, 0], [22, 2], [20, 2]]], [[[30, 0], [31, 0], [31, 1], [30, 0]]]],
        },
      },
    ], { crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::4526" } } });
    const path = `${dir}/自然保护地.geojson`;
    Deno.writeTextFileSync(path, text);
    const layer = await readGeoJSON(path);
    assertEquals(layer.length, 3);
    assertEquals(layer.crsText, "urn:ogc:def:crs:EPSG::4526");
    assertEquals(layer.fields.map((f) => [f.name, f.type]), [["名称", "C"], ["面积", "N"], ["类型", "C"], [
      "有效",
      "C",
    ]]);
    assertEquals(layer.columns["名称"], ["甲", "乙", null]);
    assertEquals(layer.columns["面积"], [96, null, 0.1 + 0.2]);
    assertEquals(layer.columns["有效"], [null, "true", null]);
    const g = layer.geometry!;
    assertEquals([...g.geomOffsets], [0, 1, 1, 3]);
    assert(ringSignedArea(g, 0) > 0, "shell counter-clockwise");
    assert(ringSignedArea(g, 1) < 0, "hole clockwise");
    assertEquals(featurePlanarArea(g, 0), 96);
    // The unclosed ring of the MultiPolygon was closed.
    assertEquals(featurePlanarArea(g, 2), 4 + 0.5);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeGeoJSON → readGeoJSON keeps numbers, rings and the crs member", async () => {
  const dir = await Deno.makeTempDir({ prefix: "geojson_test_" });
  try {
    const geometry = polygonColumnFromRings([
      [[[[X0, Y0], [X0 + 100.125, Y0], [X0 + 100.125, Y0 + 50.5], [X0, Y0 + 50.5]], [[X0 + 10, Y0 + 10], [
        X0 + 10,
        Y0 + 20,
      ], [
        X0 + 20,
        Y0 + 20,
      ], [X0 + 20, Y0 + 10]]]],
      [],
      [[[[X0 + 200, Y0], [X0 + 210, Y0], [X0 + 210, Y0 + 10]]], [[[X0 + 300, Y0], [X0 + 310, Y0], [
        X0 + 310,
        Y0 + 10,
      ]]]],
    ]);
    const layer: VectorLayer = {
      source: "mem",
      fields: [{ name: "BSM", type: "C", length: 18, decimals: 0 }, {
        name: "面积（平方米）",
        type: "N",
        length: 15,
        decimals: 2,
      }],
      columns: {
        BSM: ["9001010000000001", "9001010000000002", null],
        "面积（平方米）": [1234.57, null, 1 / 3],
      },
      length: 3,
      geometry,
      crsText: null,
      notes: [],
    };
    const path = `${dir}/out.geojson`;
    await writeGeoJSON(path, layer, { crsName: "urn:ogc:def:crs:EPSG::4526" });
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["out.geojson"]);
    const doc = JSON.parse(Deno.readTextFileSync(path));
    assertEquals(doc.crs, { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::4526" } });
    assertEquals(doc.features[1].geometry, null);
    assertEquals(doc.features[2].geometry.type, "MultiPolygon");
    const back = await readGeoJSON(path);
    assertEquals(back.crsText, "urn:ogc:def:crs:EPSG::4526");
    assertEquals(back.columns, layer.columns);
    for (let k = 0; k < 3; k++) assertEquals(featureRings(back.geometry!, k), featureRings(geometry, k));
    await writeGeoJSON(`${dir}/plain.geojson`, layer);
    // Without a crs member the file is WGS84 by RFC 7946, and the reader says so.
    const plain = await readGeoJSON(`${dir}/plain.geojson`);
    assertEquals(plain.crsText, "EPSG:4326");
    assertEquals(plain.notes.some((n) => n.includes("RFC 7946")), true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readGeoJSON: Chinese errors name the file, the feature and what was found", async () => {
  const dir = await Deno.makeTempDir({ prefix: "geojson_test_" });
  try {
    const sq = [[[0, 0], [1, 0], [1, 1], [0, 0]]];
    const cases: [string, string, string[]][] = [
      [
        "point",
        fc([{ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: sq } }, {
          type: "Feature",
          properties: {},
          geometry: { type: "Point", coordinates: [1, 2] },
        }]),
        ["第 2 个要素", "索引 1", "Point"],
      ],
      [
        "short",
        fc([{
          type: "Feature",
          properties: {},
          geometry: { type: "Polygon", coordinates: [[[0, 0], [1, 1]]] },
        }]),
        [
          "第 1 个要素",
          "外环",
          "坐标",
        ],
      ],
      [
        "badcoord",
        fc([{
          type: "Feature",
          properties: {},
          geometry: { type: "Polygon", coordinates: [[[0, 0], [1, "x"], [1, 1]]] },
        }]),
        [
          "第 2 个坐标",
        ],
      ],
      ["notfeature", fc([{ type: "Polygon", coordinates: sq }]), ["不是 Feature"]],
      ["props", fc([{ type: "Feature", properties: [1], geometry: null }]), ["properties"]],
      ["json", "{ not json", ["不是有效的 JSON"]],
      ["collection", JSON.stringify({ type: "GeometryCollection", geometries: [] }), [
        "不是 FeatureCollection",
      ]],
    ];
    for (const [name, text, parts] of cases) {
      const path = `${dir}/${name}.geojson`;
      Deno.writeTextFileSync(path, text);
      const e = await assertRejects(() => readGeoJSON(path));
      assert(e.message.includes(path), `${name}: ${e.message}`);
      for (const p of parts) assert(e.message.includes(p), `${name}: expected “${p}” in ${e.message}`);
    }
    await assertRejects(() => readGeoJSON(`${dir}/missing.geojson`), "找不到");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseGeoJSON accepts a bare Feature and an empty collection", () => {
  const one = parseGeoJSON(JSON.stringify({ type: "Feature", properties: { a: 1 }, geometry: null }), "x");
  assertEquals(one.length, 1);
  assertEquals(one.columns.a, [1]);
  const none = parseGeoJSON(fc([]), "y");
  assertEquals(none.length, 0);
  assertEquals(none.fields, []);
});

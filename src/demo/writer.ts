/**
 * Writing the demo files: every file goes through one {@link DemoOutput}, which writes it
 * atomically, remembers its path, and fingerprints everything for the manifest (SHA-256).
 * Shapefiles get GBK attributes, an ESRI .prj of CGCS2000 3° GK zone 38 and, unless told
 * otherwise, a .cpg; the DBF header date is set to a fixed day so that the same seed gives
 * byte-identical files on any day.
 *
 * @module
 */
import type { Cell, FieldDef } from "../io/layer.ts";
import { type PolygonColumn, polygonColumnFromRings, type PolygonRings } from "../geom/types.ts";
import { writeShapefile } from "../io/shp.ts";
import { writeGeoJSON } from "../io/geojson.ts";
import { writeXlsx, type XlsxSheet } from "../io/xlsx_write.ts";
import { writeFileAtomic } from "../io/atomic.ts";
import { CGCS2000_GEOGRAPHIC, type Crs, crsToEsriWkt, gaussKrugerZone, transformer } from "../io/crs.ts";
import type { DemoLayer } from "./constraints.ts";
import type { DemoFile } from "./types.ts";

/** The projected CRS of every demo layer. */
export const DEMO_CRS: Crs = gaussKrugerZone(38, true);
/** ESRI WKT written to every .prj. */
export const DEMO_PRJ: string = crsToEsriWkt(DEMO_CRS);
/** The note put on every table: the data are made up. */
export const DEMO_NOTE: string = "示例数据：由程序按固定随机种子生成，非真实调查数据，仅供演示与测试。";

/** Collects the files of one run under an output directory. */
export class DemoOutput {
  readonly root: string;
  readonly #files = new Set<string>();

  /** Output under `root` (created on first write). */
  constructor(root: string) {
    this.root = root.replace(/\/+$/, "") || "/";
  }

  #abs(rel: string): string {
    return `${this.root}/${rel}`;
  }

  async #dirFor(rel: string): Promise<void> {
    const i = rel.lastIndexOf("/");
    await Deno.mkdir(i < 0 ? this.root : this.#abs(rel.slice(0, i)), { recursive: true });
  }

  /** Writes a UTF-8 text file. */
  async text(rel: string, text: string): Promise<void> {
    await this.#dirFor(rel);
    await writeFileAtomic(this.#abs(rel), new TextEncoder().encode(text));
    this.#files.add(rel);
  }

  /** Writes an .xlsx workbook; a 说明 sheet marking the data as 示例数据 is appended. */
  async xlsx(rel: string, sheets: XlsxSheet[]): Promise<void> {
    await this.#dirFor(rel);
    const note: XlsxSheet = {
      name: "说明",
      columns: [{ key: "k", header: "项目" }, { key: "v", header: "内容" }],
      rows: [{ k: "数据性质", v: DEMO_NOTE }, { k: "面积单位", v: "平方米（列名注明单位）" }],
    };
    await writeXlsx(this.#abs(rel), [...sheets, note]);
    this.#files.add(rel);
  }

  /**
   * Writes polygons with attributes as GeoJSON (legacy `crs` member). Features given in
   * zone-38 coordinates are written as they are, or as CGCS2000 longitude/latitude when
   * `epsg` is 4490.
   */
  async geojson(
    rel: string,
    layer: { fields: FieldDef[]; columns: Record<string, Cell[]>; features: PolygonRings[][] },
    epsg: 4526 | 4490 = 4526,
  ): Promise<void> {
    await this.#dirFor(rel);
    let features = layer.features;
    if (epsg === 4490) {
      const f = transformer(DEMO_CRS, CGCS2000_GEOGRAPHIC);
      const r9 = (v: number) => Math.round(v * 1e9) / 1e9;
      features = features.map((polys) =>
        polys.map((rings) =>
          rings.map((ring) =>
            ring.map(([x, y]) => {
              const [lon, lat] = f(x, y);
              return [r9(lon), r9(lat)] as [number, number];
            })
          )
        )
      );
    }
    await writeGeoJSON(this.#abs(rel), {
      fields: layer.fields,
      columns: layer.columns,
      length: features.length,
      geometry: polygonColumnFromRings(features),
    }, { crsName: `urn:ogc:def:crs:EPSG::${epsg}` });
    this.#files.add(rel);
  }

  /**
   * Writes a Shapefile (GBK) at `relBase` (no extension). `dbfDate` fixes the DBF header
   * date (default 2024-12-31).
   */
  async shapefile(
    relBase: string,
    layer: {
      fields: FieldDef[];
      columns: Record<string, Cell[]>;
      length: number;
      geometry?: PolygonColumn;
      features?: PolygonRings[][];
    },
    opts: { writeCpg: boolean; dbfDate?: [number, number, number] },
  ): Promise<void> {
    await this.#dirFor(relBase);
    const geometry = layer.geometry ?? polygonColumnFromRings(layer.features ?? []);
    await writeShapefile(this.#abs(relBase), {
      fields: layer.fields,
      columns: layer.columns,
      length: layer.length,
      geometry,
    }, { encoding: "gbk", prjWkt: DEMO_PRJ, writeCpg: opts.writeCpg });
    // The DBF header carries a "last update" date; fix it so runs on different days agree.
    const [y, m, d] = opts.dbfDate ?? [2024, 12, 31];
    const dbf = await Deno.open(this.#abs(`${relBase}.dbf`), { read: true, write: true });
    try {
      await dbf.seek(1, Deno.SeekMode.Start);
      await dbf.write(new Uint8Array([y - 1900, m, d]));
    } finally {
      dbf.close();
    }
    for (const ext of ["shp", "shx", "dbf", "prj", ...(opts.writeCpg ? ["cpg"] : [])]) {
      this.#files.add(`${relBase}.${ext}`);
    }
  }

  /** Writes a constraint or reference layer in its format. */
  async layer(relDir: string, layer: DemoLayer, writeCpg: boolean): Promise<string> {
    const rel = `${relDir}/${layer.name}`;
    if (layer.format === "geojson") {
      await this.geojson(`${rel}.geojson`, layer, layer.epsg);
      return `${rel}.geojson`;
    }
    await this.shapefile(rel, { ...layer, length: layer.features.length }, { writeCpg });
    return `${rel}.shp`;
  }

  /** The files written so far, sorted by path, with size and SHA-256. */
  async fingerprints(): Promise<DemoFile[]> {
    const out: DemoFile[] = [];
    for (const rel of [...this.#files].sort()) {
      const bytes = await Deno.readFile(this.#abs(rel));
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
      out.push({
        path: rel,
        bytes: bytes.length,
        sha256: [...digest].map((b) => b.toString(16).padStart(2, "0")).join(""),
      });
    }
    return out;
  }
}

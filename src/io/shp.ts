/**
 * ESRI Shapefile layers: reading .shp/.shx/.dbf/.prj/.cpg into a {@link VectorLayer} and
 * writing a layer back, with GBK or UTF-8 attributes.
 */
import type { PolygonColumn } from "../geom/types.ts";
import type { Cell, FieldDef, VectorLayer } from "./layer.ts";
import { readDbfFile, readDbfFileHead, writeDbf } from "./dbf.ts";
import { cpgToEncoding, guessEncoding, mojibakeScore } from "./encoding.ts";
import { readShp, type ShpData } from "./shp_read.ts";
import type { GeometryPass } from "../geom/pass.ts";
import { encodeShp } from "./shp_write.ts";

export { readShp } from "./shp_read.ts";
export type { ShpData } from "./shp_read.ts";
export { encodeShp } from "./shp_write.ts";

/** The path without a trailing ".shp" (any case). */
function stripShp(path: string): string {
  return /\.shp$/i.test(path) ? path.slice(0, -4) : path;
}

function splitPath(p: string): { dir: string; name: string } {
  const i = Math.max(p.lastIndexOf("/"), p.lastIndexOf("\\"));
  return i < 0 ? { dir: ".", name: p } : { dir: p.slice(0, i) || "/", name: p.slice(i + 1) };
}

async function exists(p: string): Promise<boolean> {
  try {
    return (await Deno.stat(p)).isFile;
  } catch {
    return false;
  }
}

/** Finds `base.ext`, trying the lower- and upper-case extension, then any case in the directory. */
async function sibling(base: string, ext: string): Promise<string | null> {
  for (const e of [ext, ext.toUpperCase()]) if (await exists(`${base}.${e}`)) return `${base}.${e}`;
  const { dir, name } = splitPath(base);
  const want = `${name}.${ext}`.toLowerCase();
  try {
    for await (const ent of Deno.readDir(dir)) {
      if (ent.isFile && ent.name.toLowerCase() === want) return dir === "." ? ent.name : `${dir}/${ent.name}`;
    }
  } catch {
    // Directory unreadable: treat as missing.
  }
  return null;
}

/** Reads a whole file into one preallocated buffer (faster than Deno.readFile for large files). */
async function readAll(path: string): Promise<Uint8Array> {
  using f = await Deno.open(path);
  const size = (await f.stat()).size;
  const buf = new Uint8Array(size);
  let o = 0;
  while (o < size) {
    const n = await f.read(buf.subarray(o));
    if (n === null) break;
    o += n;
  }
  return o === size ? buf : buf.subarray(0, o);
}

/** Keeps the features whose `keep` flag is 1. */
function selectFeatures(col: PolygonColumn, keep: Uint8Array): PolygonColumn {
  let nv = 0, nr = 0, np = 0, nf = 0;
  for (let k = 0; k < keep.length; k++) {
    if (!keep[k]) continue;
    const j0 = col.geomOffsets[k], j1 = col.geomOffsets[k + 1];
    nf++;
    np += j1 - j0;
    nr += col.polyOffsets[j1] - col.polyOffsets[j0];
    nv += col.ringOffsets[col.polyOffsets[j1]] - col.ringOffsets[col.polyOffsets[j0]];
  }
  const coords = new Float64Array(nv * 2);
  const ringOffsets = new Uint32Array(nr + 1);
  const polyOffsets = new Uint32Array(np + 1);
  const geomOffsets = new Uint32Array(nf + 1);
  let v = 0, r = 0, p = 0, f = 0;
  for (let k = 0; k < keep.length; k++) {
    if (!keep[k]) continue;
    for (let j = col.geomOffsets[k]; j < col.geomOffsets[k + 1]; j++) {
      for (let i = col.polyOffsets[j]; i < col.polyOffsets[j + 1]; i++) {
        const a = col.ringOffsets[i], b = col.ringOffsets[i + 1];
        coords.set(col.coords.subarray(a * 2, b * 2), v * 2);
        v += b - a;
        ringOffsets[++r] = v;
      }
      polyOffsets[++p] = r;
    }
    geomOffsets[++f] = p;
  }
  return { coords, ringOffsets, polyOffsets, geomOffsets };
}

/** Mojibake score of the text columns (first 2000 values of each). */
function textScore(fields: FieldDef[], columns: Record<string, Cell[]>): number {
  const texts: string[] = [];
  for (const f of fields) {
    if (f.type !== "C" || !Object.hasOwn(columns, f.name)) continue;
    const col = columns[f.name];
    for (let i = 0; i < col.length && i < 2000; i++) {
      if (typeof col[i] === "string") texts.push(col[i] as string);
    }
  }
  return mojibakeScore(texts);
}

function label(enc: string): string {
  return enc === "gbk" ? "GBK" : enc === "utf-8" ? "UTF-8" : enc;
}

/** Reads and parses a .shp file (see {@link readShp}). */
export async function readShpFile(shpPath: string): Promise<ShpData> {
  return readShp(await readAll(shpPath), shpPath, true); // the bytes are ours: coordinates compacted in place
}

/** Options of {@link readShapefile}. */
export interface ReadShapefileOptions {
  /** Text encoding to force for the .dbf (otherwise the .cpg, else a guess). */
  encoding?: string;
  /**
   * How the .shp is read (default {@link readShpFile} on this thread). It runs while the .dbf is
   * read; a reader that also returns the geometry's pass (another thread's work) puts it on the layer.
   */
  readGeometry?: (shpPath: string) => Promise<ShpData & { pass?: GeometryPass }>;
  /**
   * The fields to read, chosen from the .dbf's field names (all when absent): the others stay in
   * `fields` without a column, and cost neither time nor memory.
   */
  select?: (names: string[]) => ReadonlySet<string>;
  /**
   * Called with the attributes as soon as the .dbf is read, while the geometry may still be
   * read on another thread (a loader checks them meanwhile). An error it throws is the read's.
   */
  onAttributes?: (t: { fields: FieldDef[]; columns: Record<string, Cell[]>; length: number }) => void;
}

/**
 * Reads a polygon Shapefile (`path` with or without ".shp"; Chinese names are fine) with its
 * .dbf, and the optional .shx, .prj (→ crsText) and .cpg (→ encoding). The encoding is
 * `opts.encoding`, else the .cpg, else guessed from the text bytes (noted). A .cpg that
 * evidently contradicts the bytes is overridden with a note. Deleted DBF records are dropped
 * together with their geometry. Throws a Chinese error for a missing .shp/.dbf, for corrupt
 * files and when the .shp and .dbf record counts differ; when several are wrong, the .shp's
 * error comes first, then the count, then the .dbf's. The .shp and the .dbf are read at the
 * same time (on two threads when `readGeometry` uses a worker).
 */
export async function readShapefile(path: string, opts: ReadShapefileOptions = {}): Promise<VectorLayer> {
  const base = stripShp(path);
  const shpPath = await sibling(base, "shp");
  if (!shpPath) throw new Error(`找不到 Shapefile：${base}.shp 不存在`);
  const dbfPath = await sibling(base, "dbf");
  if (!dbfPath) throw new Error(`缺少属性文件：${base}.dbf 不存在（Shapefile 必须带有 .dbf 文件）`);
  const read: (p: string) => Promise<ShpData & { pass?: GeometryPass }> = opts.readGeometry ?? readShpFile;
  const geometryRead = read(shpPath);
  geometryRead.catch(() => {}); // settled below, whatever happens first
  const attributesRead = readAttributes(base, dbfPath, opts.encoding, opts.select).then((r) => {
    opts.onAttributes?.(r.table);
    return r;
  });
  const [g, t] = await Promise.allSettled([geometryRead, attributesRead]);
  if (g.status === "rejected") throw g.reason;
  const shp = g.value;
  const nShp = shp.geometry.geomOffsets.length - 1;
  const { header } = await readDbfFileHead(dbfPath, dbfPath, 0);
  if (header.recordCount !== nShp) {
    throw new Error(
      `记录数不一致：${shpPath} 有 ${nShp} 条几何记录，${dbfPath} 有 ${header.recordCount} 条属性记录`,
    );
  }
  if (t.status === "rejected") throw t.reason;
  const { table, encoding, notes: dbfNotes } = t.value;
  const notes: string[] = [...shp.notes];

  const shxPath = await sibling(base, "shx");
  if (shxPath) {
    const shx = await Deno.stat(shxPath);
    const nShx = Math.max(0, Math.floor((shx.size - 100) / 8));
    if (nShx !== nShp) {
      notes.push(`${shxPath} 索引了 ${nShx} 条记录，与 ${shpPath} 的 ${nShp} 条不一致，已按 .shp 读取`);
    }
  } else notes.push(`缺少索引文件 ${base}.shx，已直接按 .shp 顺序读取`);

  let crsText: string | null = null;
  const prjPath = await sibling(base, "prj");
  if (prjPath) {
    const raw = await Deno.readFile(prjPath);
    try {
      crsText = new TextDecoder("utf-8", { fatal: true }).decode(raw).replace(/^\ufeff/, "").trim();
    } catch {
      crsText = new TextDecoder("gbk").decode(raw).trim();
    }
    if (crsText === "") crsText = null;
  }
  notes.push(...dbfNotes);
  let geometry = shp.geometry;
  let pass = shp.pass;
  if (table.deleted.length > 0) {
    const keep = new Uint8Array(nShp).fill(1);
    for (const r of table.deleted) keep[r - 1] = 0;
    geometry = selectFeatures(geometry, keep);
    pass = undefined; // made for every record; the loader makes it again for those kept
    const list = table.deleted.slice(0, 20).join("、") + (table.deleted.length > 20 ? " 等" : "");
    notes.push(`${dbfPath}：${table.deleted.length} 条记录已标记删除（记录号 ${list}），连同几何一起跳过`);
  }
  return {
    source: path,
    fields: table.fields,
    columns: table.columns,
    length: table.length,
    geometry,
    geometryPass: pass,
    crsText,
    encoding,
    notes,
  };
}

/** The .dbf of a Shapefile in its encoding (forced, from the .cpg, or guessed), with the reader's notes. */
async function readAttributes(
  base: string,
  dbfPath: string,
  forced: string | undefined,
  select: ReadShapefileOptions["select"],
): Promise<{ table: Awaited<ReturnType<typeof readDbfFile>>; encoding: string; notes: string[] }> {
  const notes: string[] = [];
  const { header, samples } = await readDbfFileHead(dbfPath);
  const only = select?.(header.fields.map((f) => f.name));
  let encoding: string | null = null;
  let fromCpg = false;
  if (forced) {
    encoding = cpgToEncoding(forced);
    if (!encoding) throw new Error(`无法识别的编码：${forced}（读取 ${dbfPath}）`);
  } else {
    const cpgPath = await sibling(base, "cpg");
    if (cpgPath) {
      const text = new TextDecoder().decode(await Deno.readFile(cpgPath));
      encoding = cpgToEncoding(text);
      if (encoding) fromCpg = true;
      else notes.push(`${cpgPath} 的内容“${text.trim()}”无法识别，按内容判断编码`);
    }
    if (!encoding) {
      encoding = guessEncoding(samples());
      if (!cpgPath) notes.push(`无 .cpg 文件，按内容判断编码为 ${label(encoding)}`);
    }
  }
  let table = await readDbfFile(dbfPath, { encoding, source: dbfPath, only });
  const score = textScore(table.fields, table.columns);
  if (score > 0.3) {
    const alt = encoding === "gbk" ? "utf-8" : "gbk";
    const other = forced ? null : await readDbfFile(dbfPath, { encoding: alt, source: dbfPath, only });
    if (other && textScore(other.fields, other.columns) < Math.min(0.1, score / 2)) {
      notes.push(
        `${dbfPath}：${fromCpg ? ".cpg 声明" : "判断"}编码为 ${label(encoding)}，但按此解码出现乱码，已改按 ${
          label(alt)
        } 读取`,
      );
      encoding = alt;
      table = other;
    } else {notes.push(
        `${dbfPath}：按 ${label(encoding)} 解码的文本疑似乱码（可疑字符占 ${(score * 100).toFixed(0)}%）`,
      );}
  }
  notes.push(...table.notes);
  return { table, encoding, notes };
}

/**
 * Writes a polygon layer as a Shapefile: .shp (type 5; shells clockwise, holes
 * counter-clockwise), .shx, .dbf, .prj (when `prjWkt` is given) and .cpg ("GBK"/"UTF-8",
 * unless `writeCpg` is false). Everything is encoded first and written under temporary names
 * that are renamed at the end, so a failure never leaves a half-written layer; stale .prj/.cpg
 * and spatial-index files (.sbn/.sbx/.qix) of an earlier layer at the same path are removed.
 */
export async function writeShapefile(
  basePath: string,
  layer: { fields: FieldDef[]; columns: Record<string, Cell[]>; length: number; geometry: PolygonColumn },
  opts: { encoding: "gbk" | "utf-8"; prjWkt?: string; writeCpg?: boolean },
): Promise<void> {
  const base = stripShp(basePath);
  const nGeom = layer.geometry.geomOffsets.length - 1;
  if (nGeom !== layer.length) {
    throw new Error(
      `写出 Shapefile 出错：${base}.shp 的几何有 ${nGeom} 条，属性有 ${layer.length} 条，不一致`,
    );
  }
  let table = layer;
  if (layer.fields.length === 0) {
    const fid: Cell[] = Array.from({ length: layer.length }, (_, i) => i);
    table = {
      ...layer,
      fields: [{ name: "FID", type: "N", length: 10, decimals: 0 }],
      columns: { FID: fid },
    };
  }
  const files = new Map<string, Uint8Array>();
  const { shp, shx } = encodeShp(layer.geometry, `${base}.shp`);
  files.set("shp", shp);
  files.set("shx", shx);
  files.set("dbf", writeDbf(table, { encoding: opts.encoding, target: `${base}.dbf` }));
  if (opts.prjWkt) files.set("prj", new TextEncoder().encode(opts.prjWkt));
  if (opts.writeCpg !== false) {
    files.set("cpg", new TextEncoder().encode(opts.encoding === "gbk" ? "GBK" : "UTF-8"));
  }

  const { dir, name } = splitPath(base);
  const tag = `.${name}.tmp-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const tmp = (ext: string) => `${dir}/${tag}.${ext}`;
  const written: string[] = [];
  try {
    for (const [ext, bytes] of files) {
      await Deno.writeFile(tmp(ext), bytes);
      written.push(tmp(ext));
    }
  } catch (e) {
    for (const p of written) await Deno.remove(p).catch(() => {});
    throw new Error(`写出 Shapefile 失败：${base}.shp（${(e as Error).message}），未留下任何文件`);
  }
  for (const ext of files.keys()) await Deno.rename(tmp(ext), `${base}.${ext}`);
  for (const ext of ["prj", "cpg", "sbn", "sbx", "qix"]) {
    if (files.has(ext)) continue;
    for (const e of [ext, ext.toUpperCase()]) await Deno.remove(`${base}.${e}`).catch(() => {});
  }
}

/** A survey layer rewritten after a change, as analysts' exports deliver broken data. */
import { readLayer } from "../../src/ingest/read_layer.ts";
import { writeDbf } from "../../src/io/dbf_write.ts";
import { encodeShp } from "../../src/io/shp_write.ts";

/**
 * A copy of the Shapefile `src` (path without .shp), changed by `edit` (fields, columns), written
 * as `<dir>/<name>.shp` with a GBK DBF; returns its path.
 */
export async function editedSurvey(
  src: string,
  dir: string,
  edit: (fields: { name: string }[], columns: Record<string, unknown[]>) => void,
  name = "DLTB",
): Promise<string> {
  const layer = await readLayer(`${src}.shp`);
  edit(layer.fields, layer.columns);
  const { shp, shx } = encodeShp(layer.geometry!);
  await Deno.writeFile(`${dir}/${name}.shp`, shp);
  await Deno.writeFile(`${dir}/${name}.shx`, shx);
  await Deno.writeFile(`${dir}/${name}.dbf`, writeDbf(layer as never, { encoding: "gbk" }));
  await Deno.copyFile(`${src}.prj`, `${dir}/${name}.prj`);
  await Deno.writeTextFile(`${dir}/${name}.cpg`, "GBK");
  return `${dir}/${name}.shp`;
}

/** Makes TBMJ a text field (as some exports write it) and puts "abc" in record `row` (1-based). */
export function textTbmj(row: number) {
  return (fields: { name: string }[], columns: Record<string, unknown[]>) => {
    Object.assign(fields.find((x) => x.name === "TBMJ")!, { type: "C", length: 20, decimals: 0 });
    columns.TBMJ = (columns.TBMJ as unknown[]).map((v) => (v == null ? null : String(v)));
    (columns.TBMJ as unknown[])[row - 1] = "abc";
  };
}

/** Small readers of rendered chart markup for the chart tests (no DOM needed). */

/** The `d` of every path in each `<g aria-label="geo">` group, group by group, in order. */
export function geoGroups(markup: string): string[][] {
  return [...markup.matchAll(/<g[^>]*aria-label="geo"[^>]*>(.*?)<\/g>/gs)].map((m) =>
    [...m[1].matchAll(/<path[^>]*\sd="([^"]*)"/g)].map((p) => p[1])
  );
}

/** The vertices of a polygon path made of M/L/Z commands, one array per subpath. */
export function pathRings(d: string): [number, number][][] {
  return d.split(/(?=M)/).filter(Boolean).map((sub) => {
    const nums = [...sub.matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)].map((m) => Number(m[0]));
    const pts: [number, number][] = [];
    for (let i = 0; i + 1 < nums.length; i += 2) pts.push([nums[i], nums[i + 1]]);
    return pts;
  });
}

/** The pixel bounding box of a polygon path. */
export function pathBox(d: string): { x0: number; y0: number; x1: number; y1: number } {
  const pts = pathRings(d).flat();
  return {
    x0: Math.min(...pts.map((p) => p[0])),
    x1: Math.max(...pts.map((p) => p[0])),
    y0: Math.min(...pts.map((p) => p[1])),
    y1: Math.max(...pts.map((p) => p[1])),
  };
}

/** The text contents of every `<text>` element (tspans joined), decoded from XML entities. */
export function texts(markup: string): string[] {
  return [...markup.matchAll(/<text[^>]*>(.*?)<\/text>/gs)].map((m) =>
    m[1].replace(/<[^>]+>/g, "").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&")
  );
}

/** Relative luminance of a #rrggbb or rgb(r, g, b) colour. */
export function luminance(color: string): number {
  let r: number, g: number, b: number;
  const hex = color.match(/^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i);
  const rgb = color.match(/rgb\((\d+),\s*(\d+),\s*(\d+)\)/);
  if (hex) [r, g, b] = hex.slice(1).map((h) => parseInt(h, 16));
  else if (rgb) [r, g, b] = rgb.slice(1).map(Number);
  else throw new Error(`not a colour: ${color}`);
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Compares markup with a committed snapshot; UPDATE_SNAPSHOTS=1 rewrites it. */
export async function matchSnapshot(markup: string, name: string): Promise<void> {
  const path = new URL(`../output/${name}`, import.meta.url);
  if (Deno.env.get("UPDATE_SNAPSHOTS")) await Deno.writeTextFile(path, markup);
  const want = await Deno.readTextFile(path);
  if (markup !== want) {
    throw new Error(
      `${name}: markup differs from the snapshot (UPDATE_SNAPSHOTS=1 rewrites it; look at it first)`,
    );
  }
}

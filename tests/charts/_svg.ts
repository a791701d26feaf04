/**
 * Reading a chart's SVG back for tests: the placed text boxes (from x/y, dx/dy, translate()
 * transforms, inherited font size and text-anchor), the bars, the size, and checks that no two
 * text boxes overlap and none leaves the canvas. Widths are estimated for Noto Sans CJK on the
 * wide side, independently of the charts' own estimate.
 *
 * @example
 * ```ts
 * assertTextFits(svg); // throws naming the first two overlapping labels
 * ```
 * @module
 */
import { parseHTML } from "linkedom";
import { assert, assertEquals } from "../_assert.ts";

/** A text's box in SVG user units (y grows downwards). */
export interface TextBox {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  size: number;
}

/** A rectangle in absolute coordinates with its own or inherited fill and stroke. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string | null;
  stroke: string | null;
  dash: string | null;
  /** aria-label of the closest labelled ancestor (Plot's mark name, e.g. "bar"). */
  mark: string | null;
}

// deno-lint-ignore no-explicit-any
type El = any;

/** The root <svg> of a chart string. */
export function parseSvg(svg: string): El {
  const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`) as unknown as {
    document: El;
  };
  const root = document.querySelector("svg");
  assert(root, "no <svg> in the chart");
  return root;
}

/** Width and height of the chart. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = parseSvg(svg);
  return { width: Number(root.getAttribute("width")), height: Number(root.getAttribute("height")) };
}

function translate(t: string | null): [number, number] {
  if (!t) return [0, 0];
  if (/rotate|scale|matrix|skew/.test(t)) throw new Error(`unsupported transform in test reader: ${t}`);
  const m = t.match(/translate\(\s*([-\d.e]+)(?:[ ,]+([-\d.e]+))?\s*\)/);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : [0, 0];
}

function len(v: string | null, size: number): number {
  if (!v) return 0;
  return v.endsWith("em") ? Number(v.slice(0, -2)) * size : Number(v);
}

/** Estimated advance width (wide side) of text in Noto Sans CJK. */
export function estimateWidth(s: string, size: number): number {
  let em = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x2e80 || (c >= 0x2000 && c <= 0x206f)) em += 1;
    else if (ch >= "0" && ch <= "9") em += 0.58;
    else if (".,:;'!|".includes(ch)) em += 0.32;
    else if (ch === " ") em += 0.3;
    else if (ch === "%") em += 0.9;
    else if (ch >= "A" && ch <= "Z") em += 0.72;
    else em += 0.62;
  }
  return em * size;
}

interface Ctx {
  x: number;
  y: number;
  size: number;
  anchor: string;
  fill: string | null;
  stroke: string | null;
  dash: string | null;
  mark: string | null;
}

/** A line segment in absolute coordinates. */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  stroke: string | null;
  dash: string | null;
  mark: string | null;
}

interface Out {
  texts: TextBox[];
  boxes: Box[];
  lines: Segment[];
}

function walk(el: El, ctx: Ctx, out: Out): void {
  const tag = String(el.tagName ?? "").toLowerCase();
  if (!tag || tag === "title" || tag === "defs" || tag === "style") return;
  const fs = el.getAttribute("font-size");
  const size = fs ? Number(fs) : ctx.size;
  const [tx, ty] = translate(el.getAttribute("transform"));
  const next: Ctx = {
    x: ctx.x + tx,
    y: ctx.y + ty,
    size,
    anchor: el.getAttribute("text-anchor") ?? ctx.anchor,
    fill: el.getAttribute("fill") ?? ctx.fill,
    stroke: el.getAttribute("stroke") ?? ctx.stroke,
    dash: el.getAttribute("stroke-dasharray") ?? ctx.dash,
    mark: el.getAttribute("aria-label") ?? ctx.mark,
  };
  if (tag === "text") {
    const text = String(el.textContent ?? "");
    if (!text.trim()) return;
    const x = next.x + len(el.getAttribute("x"), size) + len(el.getAttribute("dx"), size);
    const base = next.y + len(el.getAttribute("y"), size) + len(el.getAttribute("dy"), size);
    const w = estimateWidth(text, size);
    const x0 = next.anchor === "middle" ? x - w / 2 : next.anchor === "end" ? x - w : x;
    out.texts.push({ text, x0, x1: x0 + w, y0: base - 0.88 * size, y1: base + 0.12 * size, size });
    return;
  }
  if (tag === "rect") {
    out.boxes.push({
      x: next.x + Number(el.getAttribute("x") ?? 0),
      y: next.y + Number(el.getAttribute("y") ?? 0),
      width: Number(el.getAttribute("width") ?? 0),
      height: Number(el.getAttribute("height") ?? 0),
      fill: next.fill,
      stroke: next.stroke,
      dash: next.dash,
      mark: next.mark,
    });
  }
  if (tag === "line") {
    const n = (a: string) => Number(el.getAttribute(a) ?? 0);
    out.lines.push({
      x1: next.x + n("x1"),
      y1: next.y + n("y1"),
      x2: next.x + n("x2"),
      y2: next.y + n("y2"),
      stroke: next.stroke,
      dash: next.dash,
      mark: next.mark,
    });
  }
  for (const c of el.children ?? []) walk(c, next, out);
}

/** Every text box, rectangle and line, in absolute coordinates. */
export function readSvg(svg: string): Out & { width: number; height: number } {
  const root = parseSvg(svg);
  const out: Out = { texts: [], boxes: [], lines: [] };
  const base: Ctx = {
    x: 0,
    y: 0,
    size: 12,
    anchor: "start",
    fill: null,
    stroke: null,
    dash: null,
    mark: null,
  };
  for (const c of root.children) {
    walk(c, { ...base, size: Number(root.getAttribute("font-size") ?? 12) }, out);
  }
  return { ...out, width: Number(root.getAttribute("width")), height: Number(root.getAttribute("height")) };
}

/** The bars Plot drew (rects of a "bar" mark) with the given fill (or stroke, if `by` says so). */
export function bars(svg: string, colour: string, by: "fill" | "stroke" = "fill"): Box[] {
  return readSvg(svg).boxes.filter((b) => b.mark === "bar" && b[by] === colour && b.width > 0);
}

/** The texts whose content matches. */
export function textsMatching(svg: string, re: RegExp): TextBox[] {
  return readSvg(svg).texts.filter((t) => re.test(t.text));
}

/**
 * Asserts that no two text boxes overlap (beyond `tolerance` px) and that every text lies
 * inside the canvas; returns how many texts were checked.
 */
export function assertTextFits(svg: string, tolerance = 0.5): number {
  const { texts, width, height } = readSvg(svg);
  for (const t of texts) {
    assert(
      t.x0 >= -tolerance && t.x1 <= width + tolerance && t.y0 >= -tolerance && t.y1 <= height + tolerance,
      `text “${t.text}” leaves the ${width}×${height} canvas: [${t.x0.toFixed(1)}, ${t.x1.toFixed(1)}] × [${
        t.y0.toFixed(1)
      }, ${t.y1.toFixed(1)}]`,
    );
  }
  // sweep along y so 100-county charts stay fast
  const sorted = [...texts].sort((a, b) => a.y0 - b.y0);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    for (let j = i + 1; j < sorted.length && sorted[j].y0 < a.y1 - tolerance; j++) {
      const b = sorted[j];
      const overlapX = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const overlapY = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      assert(
        !(overlapX > tolerance && overlapY > tolerance),
        `labels overlap: “${a.text}” [${a.x0.toFixed(1)}–${a.x1.toFixed(1)}, ${a.y0.toFixed(1)}–${
          a.y1.toFixed(1)
        }] and “${b.text}” [${b.x0.toFixed(1)}–${b.x1.toFixed(1)}, ${b.y0.toFixed(1)}–${b.y1.toFixed(1)}]`,
      );
    }
  }
  return texts.length;
}

/** Compares with the committed SVG in tests/output/ (UPDATE_SNAPSHOTS=1 rewrites it). */
export async function assertSnapshot(svg: string, name: string): Promise<void> {
  const path = new URL(`../output/${name}.svg`, import.meta.url);
  if (Deno.env.get("UPDATE_SNAPSHOTS")) await Deno.writeTextFile(path, svg);
  assertEquals(svg, await Deno.readTextFile(path));
}

/** `n` distinct county names, a few of them long (自治县), for the layout tests. */
export function countyNames(n: number, suffix = "县"): string[] {
  const a = "平山高清长安永宁东西南北云石河阳华兴丰泰和新广";
  const b = "川阳岩溪林城江源峰宁安乐水谷台原州陵";
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const name = a[i % a.length] + b[(i + Math.floor(i / a.length) * 5) % b.length] + suffix;
    if (!out.includes(name)) out.push(name);
  }
  if (n > 7) out[7] = `积石山保安族东乡族撒拉族自治${suffix}`;
  if (n > 30) out[30] = `鄂温克族自治${suffix === "县" ? "旗" : suffix}`;
  return out;
}

/** A deterministic pseudo-random sequence in [0, 1). */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

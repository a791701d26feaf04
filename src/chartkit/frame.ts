/**
 * The frame of a briefing chart: one self-contained SVG with the title, subtitle, legend,
 * one or more Observable Plot panels, and the caption (数据来源 first) underneath. Everything is
 * SVG text placed by the frame, wrapped to the chart width, so the file can be saved, printed
 * or embedded on its own; the legend is drawn here so it can show hatches and outlines.
 *
 * @example
 * ```ts
 * const svg = renderChart((document) => ({
 *   width: 600, title: "示例", captions: ["数据来源：示例"],
 *   panels: [{ node: plotPanel(document, { marks: [] }), x: 0, y: 0 }],
 * }));
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { WARN, WARN_HATCH_ID } from "./palette.ts";
import { CHART_FONT } from "./render.ts";
import { FONT_PX, textWidth, wrapText } from "./layout.ts";

const SVG_NS = "http://www.w3.org/2000/svg";
const PAD = 16;
const TITLE_PX = 16;
const CAPTION_PX = 11;

/** One legend entry: a swatch and its label. */
export interface LegendItem {
  label: string;
  /** box: a filled bar; tick: a vertical target tick; dot: a circle; line: a dashed vertical rule. */
  swatch: "box" | "tick" | "dot" | "line";
  fill?: string;
  stroke?: string;
  dash?: string;
}

/** A Plot panel (the SVG Plot returned) placed at (x, y) in the body. */
export interface Panel {
  // deno-lint-ignore no-explicit-any
  node: any;
  x: number;
  y: number;
}

/** A line of text placed by the frame in body coordinates (panel headings, column heads). */
export interface FreeText {
  x: number;
  /** Baseline. */
  y: number;
  text: string;
  anchor?: "start" | "middle" | "end";
  size?: number;
  weight?: "bold";
  fill?: string;
}

/** What a chart hands to the frame. */
export interface ChartFrame {
  width: number;
  title: string;
  subtitle?: string;
  legend?: LegendItem[];
  panels: Panel[];
  texts?: FreeText[];
  /** Caption paragraphs, the source line first; each is wrapped to the width. */
  captions: string[];
  /** Shown in place of the panels when there is nothing to draw. */
  empty?: string;
}

/** Plot with the chart font; returns Plot's SVG element (no legend, title or caption of its own). */
// deno-lint-ignore no-explicit-any
export function plotPanel(document: any, options: Record<string, unknown>): any {
  // deno-lint-ignore no-explicit-any
  const node = Plot.plot({ ...options, document } as any) as any;
  if (String(node.tagName).toLowerCase() !== "svg") {
    throw new Error("plotPanel: Plot 返回的不是 SVG（面板不应带图例或标题）");
  }
  return node;
}

/** The height of a Plot panel, px. */
// deno-lint-ignore no-explicit-any
export function panelHeight(node: any): number {
  return Number(node.getAttribute("height"));
}

/** Wrapped heading lines as free text, and the height they take (line height 1.35 em). */
export function headingLines(
  text: string,
  x: number,
  y: number,
  maxWidth: number,
  opts: { anchor?: FreeText["anchor"]; size?: number; weight?: "bold"; fill?: string } = {},
): { texts: FreeText[]; height: number } {
  const size = opts.size ?? FONT_PX;
  const lh = Math.round(size * 1.35);
  const lines = wrapText(text, maxWidth, size);
  return {
    texts: lines.map((l, i) => ({ ...opts, x, y: y + size + i * lh, text: l, size })),
    height: lines.length * lh,
  };
}

/** Builds a chart in a fresh document and returns the SVG markup. */
// deno-lint-ignore no-explicit-any
export function renderChart(build: (document: any) => ChartFrame): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>") as unknown as { document: any };
  const spec = build(document);
  return compose(document, spec).outerHTML;
}

// deno-lint-ignore no-explicit-any
function el(document: any, name: string, attrs: Record<string, string | number | undefined>): any {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, String(v));
  return e;
}

// deno-lint-ignore no-explicit-any
function text(document: any, t: FreeText): any {
  const e = el(document, "text", {
    x: round(t.x),
    y: round(t.y),
    "text-anchor": t.anchor && t.anchor !== "start" ? t.anchor : undefined,
    "font-size": t.size && t.size !== FONT_PX ? t.size : undefined,
    "font-weight": t.weight,
    fill: t.fill,
  });
  e.textContent = t.text;
  return e;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

// deno-lint-ignore no-explicit-any
function compose(document: any, spec: ChartFrame): any {
  const width = Math.ceil(spec.width);
  const inner = width - 2 * PAD;
  // deno-lint-ignore no-explicit-any
  const parts: any[] = [];
  let y = PAD;

  const title = headingLines(spec.title, PAD, y, inner, { size: TITLE_PX, weight: "bold" });
  parts.push(...title.texts.map((t) => text(document, t)));
  y += title.height;
  if (spec.subtitle) {
    const sub = headingLines(spec.subtitle, PAD, y + 2, inner, { fill: "#444" });
    parts.push(...sub.texts.map((t) => text(document, t)));
    y += sub.height + 2;
  }
  if (spec.legend?.length) {
    y += 8;
    let x = PAD;
    const lh = 20;
    for (const item of spec.legend) {
      const w = 18 + textWidth(item.label) + 18;
      if (x > PAD && x + w - 18 > width - PAD) {
        x = PAD;
        y += lh;
      }
      parts.push(swatch(document, item, x, y));
      parts.push(text(document, { x: x + 18, y: y + 11, text: item.label }));
      x += w;
    }
    y += lh;
  }
  y += 6;

  const body = el(document, "g", { transform: `translate(0,${round(y)})`, "aria-label": "chart body" });
  let bodyH = 0;
  if (spec.empty || !spec.panels.length) {
    body.appendChild(
      text(document, {
        x: width / 2,
        y: 40,
        text: spec.empty ?? "没有可画的数据",
        anchor: "middle",
        fill: "#444",
      }),
    );
    bodyH = 60;
  }
  for (const p of spec.panels) {
    const g = el(document, "g", { transform: `translate(${round(p.x)},${round(p.y)})` });
    for (const name of p.node.getAttributeNames()) {
      if (["width", "height", "viewBox", "class", "style", "font-family", "font-size"].includes(name)) {
        continue;
      }
      g.setAttribute(name, p.node.getAttribute(name));
    }
    for (const child of [...p.node.childNodes]) {
      if (String(child.tagName).toLowerCase() === "style") continue;
      g.appendChild(child);
    }
    body.appendChild(g);
    bodyH = Math.max(bodyH, p.y + panelHeight(p.node));
  }
  for (const t of spec.texts ?? []) {
    body.appendChild(text(document, t));
    bodyH = Math.max(bodyH, t.y + 4);
  }
  parts.push(body);
  y += bodyH + 8;

  for (const c of spec.captions) {
    const cap = headingLines(c, PAD, y, inner, { size: CAPTION_PX, fill: "#444" });
    parts.push(...cap.texts.map((t) => text(document, t)));
    y += cap.height + 2;
  }
  const height = Math.ceil(y + PAD - 4);

  const svg = el(document, "svg", {
    xmlns: SVG_NS,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": spec.title,
    "font-family": CHART_FONT,
    "font-size": FONT_PX,
    fill: "#222",
  });
  const titleEl = el(document, "title", {});
  titleEl.textContent = spec.title;
  svg.appendChild(titleEl);
  svg.appendChild(defs(document));
  svg.appendChild(el(document, "rect", { width, height, fill: "white" }));
  for (const p of parts) svg.appendChild(p);
  return svg;
}

/** The warning hatch: red with white diagonal stripes, so it reads as a warning in greyscale too. */
// deno-lint-ignore no-explicit-any
function defs(document: any): any {
  const d = el(document, "defs", {});
  const p = el(document, "pattern", {
    id: WARN_HATCH_ID,
    patternUnits: "userSpaceOnUse",
    width: 6,
    height: 6,
    patternTransform: "rotate(45)",
  });
  p.appendChild(el(document, "rect", { width: 6, height: 6, fill: WARN }));
  p.appendChild(el(document, "rect", { width: 2.4, height: 6, fill: "white" }));
  d.appendChild(p);
  return d;
}

// deno-lint-ignore no-explicit-any
function swatch(document: any, item: LegendItem, x: number, y: number): any {
  const g = el(document, "g", { transform: `translate(${round(x)},${round(y)})` });
  switch (item.swatch) {
    case "box":
      g.appendChild(el(document, "rect", {
        x: 0.5,
        y: 2.5,
        width: 13,
        height: 10,
        fill: item.fill ?? "none",
        stroke: item.stroke,
        "stroke-dasharray": item.dash,
      }));
      break;
    case "tick":
      g.appendChild(
        el(document, "line", {
          x1: 7,
          x2: 7,
          y1: 0,
          y2: 15,
          stroke: item.stroke ?? "#222",
          "stroke-width": 2.5,
        }),
      );
      break;
    case "line":
      g.appendChild(el(document, "line", {
        x1: 7,
        x2: 7,
        y1: 0,
        y2: 15,
        stroke: item.stroke ?? WARN,
        "stroke-width": 1.5,
        "stroke-dasharray": item.dash ?? "4,3",
      }));
      break;
    case "dot":
      g.appendChild(
        el(document, "circle", { cx: 7, cy: 7.5, r: 4.5, fill: item.fill ?? "none", stroke: item.stroke }),
      );
      break;
  }
  return g;
}

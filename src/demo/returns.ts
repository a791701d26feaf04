/**
 * Field-verification returns (外业核查回传) for part of a demo county's in-flow candidates of
 * the latest year: the five indicators of DOMAIN.md §4.4 and four photos with azimuth,
 * position (CGCS2000 longitude/latitude) and time. Some returns are incomplete on purpose
 * (a missing indicator, fewer than four photos, duplicate azimuths, a photo taken 5 km away)
 * and some candidates have no return at all. About half of the returned 即可恢复 (JKHF) parcels
 * that are not ponds, and a fifth of the 工程恢复 (GCHF) ones, are answered with every
 * indicator easy (可以恢复: a crop, nursery or pasture use, a road within 500 m, water within
 * 100 m, under 3 万元/亩, willing), drawn from a separate stream so that every other value,
 * and every planted defect, is the same as without them.
 *
 * @module
 */
import type { Cell } from "../io/layer.ts";
import type { XlsxColumn } from "../io/xlsx_write.ts";
import { CGCS2000_GEOGRAPHIC, gaussKrugerZone, transformer } from "../io/crs.ts";
import type { Rng } from "./rng.ts";
import type { CountyStatic, YearState } from "./attributes.ts";
import { isCandidate } from "./records.ts";

const PHOTO_PARTS = ["方位角（度）", "经度", "纬度", "拍摄时间"];

/** Columns of field_returns.xlsx. */
export const RETURN_COLUMNS: readonly XlsxColumn[] = Object.freeze(
  [
    "BSM",
    "生产现状",
    "有无道路",
    "道路距离（米）",
    "水源距离（米）",
    "恢复成本（万元/亩）",
    "群众意愿",
    ...[1, 2, 3, 4].flatMap((i) => PHOTO_PARTS.map((p) => `照片${i}${p}`)),
    "核查人员",
    "备注",
  ].map((h) => ({ key: h, header: h })),
);

/** What a return got wrong on purpose (for the generator's own record). */
export type ReturnDefect = "none" | "missing_indicator" | "few_photos" | "duplicate_azimuth" | "far_photo";

function production(rng: Rng, code: string): string {
  const b = code.slice(0, 4);
  switch (b) {
    case "0201":
      return rng.pick(["果树（柑橘）", "果树（梨）", "果树（桃）"]);
    case "0202":
      return "茶树";
    case "0301":
      return rng.pick(["用材林（杉木）", "经济林（油茶）", "用材林（杨树）"]);
    case "0302":
      return "竹林";
    case "0305":
      return "灌木";
    case "0307":
      return rng.pick(["苗木", "幼林"]);
    case "0401":
    case "0403":
      return "牧草";
    case "1104":
      return code === "1104" ? "水产养殖（鱼塘）" : "水产养殖（精养池塘，有永久性设施）";
    default:
      return "其他";
  }
}

/** The production of an all-easy return, by class. */
function easyProduction(rng: Rng, code: string): string {
  const b = code.slice(0, 2);
  return b === "02" ? "农作物" : b === "03" ? rng.pick(["苗木", "幼林"]) : "牧草";
}

/** Overrides the indicators of a return with all-easy values (可以恢复); draws only from `rng`. */
function makeEasy(row: Record<string, Cell>, rng: Rng, code: string, riverDist: number): void {
  row["生产现状"] = easyProduction(rng, code);
  row["有无道路"] = "有";
  row["道路距离（米）"] = Math.round(rng.range(20, 480));
  row["水源距离（米）"] = Math.round(Math.min(riverDist, rng.range(5, 100)));
  row["恢复成本（万元/亩）"] = Math.round(rng.range(0.8, 2.95) * 100) / 100;
  row["群众意愿"] = "愿意";
}

const INSPECTORS = ["张工", "李工", "王工", "赵工", "陈工", "刘工"];

function expo(rng: Rng, mean: number): number {
  return -Math.log(1 - rng.next()) * mean;
}

/**
 * The return rows of a county and their defects. About a quarter of the candidates get no
 * row; of the rest, about one in three carries a defect.
 */
export function fieldReturns(
  st: CountyStatic,
  latest: YearState,
  year: number,
  rng: Rng,
): {
  rows: Record<string, Cell>[];
  defects: Record<ReturnDefect, number>;
  candidates: number;
  missing: number;
} {
  const toGeo = transformer(gaussKrugerZone(38, true), CGCS2000_GEOGRAPHIC);
  const rows: Record<string, Cell>[] = [];
  const defects: Record<ReturnDefect, number> = {
    none: 0,
    missing_indicator: 0,
    few_photos: 0,
    duplicate_azimuth: 0,
    far_photo: 0,
  };
  let candidates = 0, missing = 0;
  const easy = rng.fork("easy");
  const pad = (n: number) => String(n).padStart(2, "0");
  for (let k = 0; k < st.grid.count; k++) {
    if (!isCandidate(latest, k)) continue;
    candidates++;
    if (rng.chance(0.25)) {
      missing++;
      continue;
    }
    const code = latest.dlbm[k];
    const gchf = latest.zzsx[k] === "GCHF";
    const road = rng.chance(0.85);
    const roadDist = Math.round(road ? expo(rng, 320) : 800 + expo(rng, 600));
    const water = Math.round(Math.min(st.riverDist[k], expo(rng, 220)));
    const baseCost = code.startsWith("1104")
      ? rng.range(5, 13)
      : code.startsWith("03")
      ? rng.range(2.5, 9)
      : rng.range(1.5, 6);
    const row: Record<string, Cell> = {
      BSM: st.bsm[k],
      生产现状: production(rng, code),
      有无道路: road ? "有" : "无",
      "道路距离（米）": roadDist,
      "水源距离（米）": water,
      "恢复成本（万元/亩）": Math.round(baseCost * (gchf ? 1.5 : 1) * 100) / 100,
      群众意愿: rng.chance(0.88) ? "愿意" : "不愿意",
      核查人员: INSPECTORS[k % INSPECTORS.length],
      备注: "示例数据",
    };
    const easyDraw = easy.next();
    if (!code.startsWith("1104") && easyDraw < (gchf ? 0.2 : 0.5)) makeEasy(row, easy, code, st.riverDist[k]);
    const u = rng.next();
    const defect: ReturnDefect = u < 0.1
      ? "missing_indicator"
      : u < 0.2
      ? "few_photos"
      : u < 0.27
      ? "duplicate_azimuth"
      : u < 0.32
      ? "far_photo"
      : "none";
    defects[defect]++;
    if (defect === "missing_indicator") {
      row[rng.pick(["生产现状", "道路距离（米）", "水源距离（米）", "恢复成本（万元/亩）", "群众意愿"])] =
        null;
    }
    const photos = defect === "few_photos" ? rng.int(1, 3) : 4;
    const theta0 = rng.range(0, 360);
    const month = rng.int(7, 9), day = rng.int(1, 28), hour = rng.int(8, 16), minute = rng.int(0, 39);
    const x = st.grid.cx[k], y = st.grid.cy[k];
    for (let i = 0; i < 4; i++) {
      const key = (p: string) => `照片${i + 1}${p}`;
      if (i >= photos) {
        for (const p of PHOTO_PARTS) row[key(p)] = null;
        continue;
      }
      // The photographer stands at bearing θ from the centre and looks back at it.
      const theta = (theta0 + 90 * i + rng.range(-12, 12)) % 360;
      const dist = defect === "far_photo" && i === 3 ? 5000 : rng.range(12, 40);
      const rad = (theta * Math.PI) / 180;
      const [lon, lat] = toGeo(x + dist * Math.sin(rad), y + dist * Math.cos(rad));
      let azimuth = Math.round((theta + 180) % 360);
      if (defect === "duplicate_azimuth" && i === 2) azimuth = row["照片2方位角（度）"] as number;
      row[key("方位角（度）")] = azimuth;
      row[key("经度")] = Math.round(lon * 1e7) / 1e7;
      row[key("纬度")] = Math.round(lat * 1e7) / 1e7;
      row[key("拍摄时间")] = `${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute + i * 3)}:${
        pad(rng.int(0, 59))
      }`;
    }
    rows.push(row);
  }
  return { rows, defects, candidates, missing };
}

/** Chinese wording of the screening stage, in one place. */
import type { ContigClass } from "./types.ts";

/** Class names as the seed writes them. */
export const CLASS_LABELS: Readonly<Record<ContigClass, string>> = Object.freeze({
  I_CONTIG: "集中连片潜力图斑I型",
  II_CONTIG: "集中连片潜力图斑II型",
  I_SCATTER: "非集中连片潜力图斑I型",
  II_SCATTER: "非集中连片潜力图斑II型",
});

/** Verification duty by class (DOMAIN.md §4.3). */
export const DUTY_LABELS: Readonly<Record<ContigClass, "重点核实" | "全部核实" | "自行确定">> = Object.freeze({
  I_CONTIG: "重点核实",
  II_CONTIG: "重点核实",
  I_SCATTER: "全部核实",
  II_SCATTER: "自行确定",
});

/** Mode names. */
export const MODE_LABELS = Object.freeze({ erase: "擦除（扣除重叠部分，剩余部分按连通块成为潜力图斑）", exclude: "整图斑排除（重叠比例超过阈值时整块扣除）" });

/**
 * A list of identifiers (BSMs, project numbers) written in one cell or line, as analysts write
 * them: separated by 、 (the enumeration comma the project's own evidence text uses), ; ； , ，
 * | ｜ / and any whitespace (newlines, tabs, the ideographic space). Empty items are dropped and a
 * repeated item is kept once, in first-seen order.
 *
 * @example
 * ```ts
 * splitList("9001010000000001、9001010000000002；9001010000000003\n9001010000000001");
 * // ["9001010000000001", "9001010000000002", "9001010000000003"]
 * ```
 */

/** Every separator {@link splitList} accepts (whitespace aside). */
export const LIST_SEPARATORS = "、;；,，|｜/";

const SEPARATOR = /[、;；,，|｜/\s\u3000]+/u;

/** The items of `text` (empty for null, undefined or blank). */
export function splitList(text: string | null | undefined): string[] {
  if (text == null) return [];
  const seen = new Set<string>();
  for (const item of String(text).split(SEPARATOR)) {
    const s = item.trim();
    if (s) seen.add(s);
  }
  return [...seen];
}

/**
 * Keys read from files (configuration JSON, column headers) that must never become property
 * writes on a plain object: `__proto__` would replace the object's prototype, `constructor` and
 * `prototype` reach the class. Configuration refuses them; tables store them as own properties.
 *
 * @example
 * ```ts
 * assertSafeKey("__proto__", "配置文件 a.json"); // throws: 配置文件 a.json 中的键“__proto__”不允许
 * putOwn(columns, "__proto__", [1, 2]);          // an own property, the prototype untouched
 * ```
 */

/** Keys that reach an object's prototype or class. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Throws (naming `where` and the key) when a key from a file is one of {@link UNSAFE_KEYS}. */
export function assertSafeKey(key: string, where: string): void {
  if (UNSAFE_KEYS.has(key)) throw new Error(`${where} 中的键“${key}”不允许（会改写对象原型）`);
}

/** Sets `obj[key] = value` as an own data property whatever the key (no prototype setter). */
export function putOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The one mechanism behind what a supervisor reads: a value with the named keys taken out, at any depth
 * (arrays and nested objects alike), typed so that the projection's type is what the OpenAPI document
 * promises. The session's projection (operations/sessions.ts `withoutQuotes`) and the plan's
 * (operations/plans.ts `withoutText`) differ only in the keys they name.
 */
export type Without<T, K extends string> = T extends readonly (infer U)[]
  ? Without<U, K>[]
  : T extends object
    ? { [P in keyof T as P extends K ? never : P]: Without<T[P], K> }
    : T;

/** A projection that takes every key in `keys` out of a value, at any depth. */
export function withoutKeys<K extends string>(keys: readonly K[]): <T>(value: T) => Without<T, K> {
  const named = new Set<string>(keys);
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).flatMap(([key, item]) => (named.has(key) ? [] : [[key, strip(item)]])));
    }
    return value;
  };
  return <T>(value: T) => strip(value) as Without<T, K>;
}

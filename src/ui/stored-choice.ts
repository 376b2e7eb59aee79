/** A user's choice kept across visits in localStorage; where storage is blocked (a worker, a
 * privacy setting) the choice lasts for the visit only. */

/** The stored value, or `fallback` where none is stored, it is not one of `values`, or there
 * is no storage. */
export function storedChoice<T extends string>(key: string, values: readonly T[], fallback: T): T {
  try {
    const v = localStorage.getItem(key);
    return values.includes(v as T) ? (v as T) : fallback;
  } catch {
    return fallback;
  }
}

export function storeChoice(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage blocked: the choice lasts for this visit only
  }
}

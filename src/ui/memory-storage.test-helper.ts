/** Tests only: a Map-backed localStorage installed on globalThis (Vitest runs in Node, which has
 * none); returns the map so a test can damage or inspect entries. */
export function installMemoryStorage(): Map<string, string> {
  const entries = new Map<string, string>();
  Object.assign(globalThis, {
    localStorage: {
      getItem: (k: string) => entries.get(k) ?? null,
      setItem: (k: string, v: string) => void entries.set(k, v),
    },
  });
  return entries;
}

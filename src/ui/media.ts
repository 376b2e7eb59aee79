/** A CSS media query as a React value that follows the window (a phone turned sideways, a
 * desktop window narrowed). */
import { useSyncExternalStore } from 'react';

/** The width below which the page is laid out for a phone; styles.css uses the same 40rem. */
export const NARROW_QUERY = '(max-width: 40rem)';

export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => matchMedia(query).matches,
    () => false,
  );
}

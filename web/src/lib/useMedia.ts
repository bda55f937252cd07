import { useSyncExternalStore } from 'react';

/** Whether a media query matches, read synchronously on the first render (no layout flash). */
export function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const mql = window.matchMedia(query);
      mql.addEventListener('change', onChange);
      return () => mql.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Phones: below antd's md breakpoint (768 px), as the CSS of styles.css. */
export const useIsMobile = () => useMedia('(max-width: 767.98px)');
/** Below antd's lg breakpoint (992 px): no room for the guide's side menu. */
export const useIsNarrow = () => useMedia('(max-width: 991.98px)');

'use client';

import { usePathname } from 'next/navigation';
import { useEffect } from 'react';

/**
 * A table too wide for its card scrolls inside it (.table-wrap). Keyboard users must be able to reach and scroll
 * such a region, so whenever one actually overflows it becomes a focusable, named region; when it fits again it
 * stops being a tab stop.
 */
export function ScrollableRegions() {
  const pathname = usePathname();
  useEffect(() => {
    const mark = () => {
      for (const el of document.querySelectorAll<HTMLElement>('.table-wrap')) {
        const scrolls = el.scrollWidth > el.clientWidth + 1;
        if (scrolls && el.tabIndex !== 0) {
          el.tabIndex = 0;
          el.setAttribute('role', 'region');
          const caption = el.querySelector('caption')?.textContent?.trim();
          el.setAttribute('aria-label', caption ? `${caption} (scrolls sideways)` : 'Table (scrolls sideways)');
        } else if (!scrolls && el.tabIndex === 0) {
          el.removeAttribute('tabindex');
          el.removeAttribute('role');
          el.removeAttribute('aria-label');
        }
      }
    };
    mark();
    const observer = new MutationObserver(mark);
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', mark);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', mark);
    };
  }, [pathname]);
  return null;
}

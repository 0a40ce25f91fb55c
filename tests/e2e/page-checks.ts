import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/*
 * Checks every page-level spec can run on what is rendered: nothing scrolls sideways, and axe finds nothing serious.
 */

/** The page does not scroll sideways; names the outermost elements that stick out when it does. */
export async function expectFits(page: Page, label: string) {
  const { scrollWidth, innerWidth, culprits } = await page.evaluate(() => {
    const limit = window.innerWidth;
    const sticksOut = (el: Element) => el.getBoundingClientRect().right > limit + 0.5;
    // The outermost elements that stick out while their parent does not: where a fix belongs.
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => sticksOut(el) && el.parentElement && !sticksOut(el.parentElement))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}"`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: limit, culprits };
  });
  expect
    .soft(scrollWidth, `${label}: the page scrolls sideways (${scrollWidth} > ${innerWidth}); sticking out: ${culprits.join(', ')}`)
    .toBeLessThanOrEqual(innerWidth);
}

/**
 * axe on the page as rendered: no serious or critical WCAG 2 A/AA violation. After a client-side navigation Next
 * streams the new page's metadata after its content, so the document has no <title> for a moment: the check waits
 * for one (a page that never gets a title still fails, here rather than in axe).
 */
export async function expectAccessible(page: Page, label: string) {
  await expect(page, `${label}: the document has no title`).toHaveTitle(/\S/);
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('nextjs-portal').analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = serious.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect.soft(summary, `${label}: axe found serious violations`).toEqual([]);
}

import { describe, expect, it } from 'vitest';
import { storeGroup } from '../../fixtures/real-pages/sidecar';
import { groupedFolds, type PreparedPage } from '../../tools/page-model-fit';

/* The trainer's cross-validation folds (tests/tools/train-page-model.ts --cv): store groups are never split. */

const pageOf = (name: string, store: string) => ({ page: { name }, group: storeGroup(store) }) as unknown as PreparedPage;

describe('grouped cross-validation folds', () => {
  it('maps sister shops to one group', () => {
    expect(storeGroup('jossandmain.com')).toBe(storeGroup('wayfair.com'));
    expect(storeGroup('rejuvenation.com')).toBe(storeGroup('potterybarn.com'));
    expect(storeGroup('otto.de')).not.toBe(storeGroup('wayfair.com'));
    expect(storeGroup('zalando.ie')).toBe(storeGroup('zalando.fi'));
  });

  it('keeps every group in one fold, uses every page once, and balances the folds by pages', () => {
    const pages = Array.from({ length: 60 }, (_, i) => pageOf(`p${i}`, i % 3 === 0 ? 'wayfair.com' : i % 3 === 1 ? 'jossandmain.com' : `shop${i}.example.com`));
    const folds = groupedFolds(pages, 5);
    expect(folds.flat().map((p) => p.page.name).sort()).toEqual(pages.map((p) => p.page.name).sort());
    const foldsOfGroup = new Map<string, Set<number>>();
    folds.forEach((fold, at) => fold.forEach((p) => foldsOfGroup.set(p.group, (foldsOfGroup.get(p.group) ?? new Set()).add(at))));
    expect([...foldsOfGroup.values()].every((inFolds) => inFolds.size === 1)).toBe(true);
    // The wayfair group (40 pages) takes one fold; the 20 single-page shops are shared out evenly over the others.
    const sizes = folds.map((fold) => fold.length).sort((a, b) => a - b);
    expect(sizes[4]).toBeGreaterThanOrEqual(40);
    expect(sizes[3]! - sizes[0]!).toBeLessThanOrEqual(1);
  });
});

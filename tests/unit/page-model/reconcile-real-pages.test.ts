import { describe, expect, it } from 'vitest';
import { loadRealPages } from '../../fixtures/real-pages/sidecar';
import { pipelineOutcomes, type Outcome } from '../../tools/page-model-eval';
import { matchStoreUrl } from '../../../utils/detect-product';

/*
 * Reconciliation on real pages of the train split (tests/fixtures/real-pages; the heldout split is only
 * ever counted by the bench): other stores' pages with structured data, read as the extension reads them
 * before the model is loaded (structured data alone) and after (structured data and the page as shown).
 */

// Other stores' product pages only: partner stores and Amazon keep their own modules and never load the model.
const otherStore = (address: string) => matchStoreUrl(new URL(address.replace(/^http:/, 'https:')), { amazon: true, otherSites: true })?.match.platform === 'site';
const pages = loadRealPages('train').filter((page) => page.sidecar.expected && page.sidecar.expected.hasStructuredData !== 'none' && otherStore(page.sidecar.url));

describe('structured data beside the page as shown, on real training pages', () => {
  let alone: Map<string, Outcome>;
  let reconciled: Map<string, Outcome>;
  const outcomes = async () => {
    alone ??= new Map((await pipelineOutcomes(pages, { withModel: false })).map((outcome) => [outcome.name, outcome]));
    reconciled ??= new Map((await pipelineOutcomes(pages)).map((outcome) => [outcome.name, outcome]));
    return { alone, reconciled };
  };

  it('reads right what the markup misstates: a name without brand or kind, a name with a colour, a net price, no price', async () => {
    const { alone, reconciled } = await outcomes();
    const fixed: [string, 'titleRight' | 'priceRight'][] = [
      ['1k-by-taller-pots', 'titleRight'], // JSON-LD "TalleR TR-1047" under "Набор посуды TalleR TR-1047"
      ['currys-ie-selfie-stick', 'titleRight'], // JSON-LD without the brand RETRAK
      ['zalando-ie-hadley-dress', 'titleRight'], // JSON-LD adds "- black"
      ['toralin-xado-grease', 'priceRight'], // microdata 4.92 without VAT, shown 5,95 €
      ['almedina-codigo-trabalho', 'priceRight'], // product:price:amount 67.84 without VAT, shown 71,91 €
      ['laendleanzeiger-slatted-frame', 'priceRight'], // markup without a price
    ];
    for (const [name, field] of fixed) {
      expect(alone.get(name)?.[field], `${name} ${field}, structured data alone`).toBe(false);
      expect(reconciled.get(name)?.[field], `${name} ${field}, reconciled`).toBe(true);
    }
  }, 600_000);

  it('never makes wrong a title or a price the structured data alone read right', async () => {
    const { alone, reconciled } = await outcomes();
    const lost = [...alone.values()].flatMap((before) => {
      const after = reconciled.get(before.name)!;
      return [before.titleRight && !after.titleRight ? `${before.name}: title` : [], before.priceRight && !after.priceRight ? `${before.name}: price` : []].flat();
    });
    expect(lost).toEqual([]);
  }, 600_000);
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyCollection } from '../../../utils/feed/collection';
import { IdentityFile } from '../../../utils/feed/identity';
import { verifyFeed } from '../../../utils/feed/verify';

const dir = join(__dirname, '..', '..', 'fixtures', 'feeds');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('example feeds in tests/fixtures/feeds', () => {
  it.each(['demo-xiaomei', 'demo-laowang'])('%s verifies in full, is signed by its identity and is labelled demo data', async (slug) => {
    const result = await verifyFeed(read(`${slug}.feed.json`));
    if (!result.ok) throw new Error(result.reason);
    expect(result.skipped).toEqual([]);
    expect(result.accepted.length).toBeGreaterThan(0);
    expect(result.expert.name).toMatch(/^Demo · .+ \(demo data\)$/);
    expect(result.expertId).toBe(IdentityFile.parse(JSON.parse(read(`${slug}.identity.json`))).expertId);
  });

  it('the demo collection holds both feeds, each accepted', async () => {
    const result = await verifyCollection(read('demo-collection.json'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.name).toMatch(/demo data/);
    expect(result.feeds.map((f) => f.result.ok && f.result.expert.name)).toEqual(['Demo · 小美 (demo data)', 'Demo · 老王 (demo data)']);
  });
});

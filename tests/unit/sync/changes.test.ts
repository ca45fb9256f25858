import { describe, expect, it } from 'vitest';
import { syncChangesOf } from '../../../utils/background/picks-and-sync';
import { expertFollowChange } from '../../../utils/sync/local-state';
import { expert } from '../db/records';

const noExpert = async () => undefined;

describe('which local changes sync carries', () => {
  it('a feed or collection followed by address, by the address the follow resolved to', async () => {
    expect(await syncChangesOf('followFeed', { url: 'https://x.example/window/' }, { kind: 'feed', expert: expert({ feedUrl: 'https://x.example/feed.json' }), summary: '', summaryInfo: {} as never }, noExpert)).toEqual([
      { type: 'follow', url: 'https://x.example/feed.json', kind: 'feed', followed: true, expertId: 'fp-alice' },
    ]);
    const collection = { id: 'https://c.example/c.json', url: 'https://c.example/c.json' } as never;
    expect(await syncChangesOf('followFeed', { url: 'https://c.example/c.json' }, { kind: 'collection', collection, summary: '', summaryInfo: {} as never }, noExpert)).toEqual([
      { type: 'follow', url: 'https://c.example/c.json', kind: 'collection', followed: true },
    ]);
    expect(await syncChangesOf('unfollowCollection', { collectionId: 'https://c.example/c.json' }, { collection, removedExperts: 0 }, noExpert)).toEqual([
      { type: 'follow', url: 'https://c.example/c.json', kind: 'collection', followed: false },
    ]);
  });

  it('nothing for a file (it has no address) or a collection from a file', async () => {
    expect(await syncChangesOf('importFeedFile', { text: '{}' }, { kind: 'feed', expert: expert({ feedUrl: null }), summary: '', summaryInfo: {} as never }, noExpert)).toEqual([]);
    expect(await syncChangesOf('unfollowCollection', { collectionId: 'file:1' }, { collection: { id: 'file:1', url: null } as never, removedExperts: 0 }, noExpert)).toEqual([]);
  });

  it('an expert’s follow by their address, or by id when known only from a collection; the on/off switch by id', async () => {
    expect(await syncChangesOf('unfollowExpert', { expertId: 'fp-alice' }, { expert: expert({ followed: false }), removedRecommendations: 1 }, noExpert)).toEqual([
      { type: 'follow', url: 'https://alice.example.com/feed.json', kind: 'feed', followed: false, expertId: 'fp-alice' },
    ]);
    expect(await syncChangesOf('setExpertFollowed', { expertId: 'fp-alice', followed: true }, expert({ feedUrl: null }), noExpert)).toEqual([{ type: 'expert', id: 'fp-alice', followed: true }]);
    expect(await syncChangesOf('followFromPage', { productKey: 'tmall:1', expertId: 'fp-alice', followed: true }, {} as never, async () => expert({ feedUrl: null }))).toEqual([
      { type: 'expert', id: 'fp-alice', followed: true },
    ]);
    expect(await syncChangesOf('setExpertOnProductPages', { expertId: 'fp-alice', shown: false }, expert(), noExpert)).toEqual([{ type: 'expert', id: 'fp-alice', shown: false }]);
    expect(expertFollowChange(expert({ kind: 'local' }), true)).toBeNull();
  });

  it('nothing for messages that change no follow or switch', async () => {
    expect(await syncChangesOf('listTimeline', { limit: 1 }, {} as never, noExpert)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { emptyProgress } from '../../../utils/publish/outcome';
import { PROGRESS_INTERVAL_MS, PUBLISH_PROGRESS_KEY, sessionProgressWriter, watchPublishProgress, type PublishProgressNote } from '../../../utils/publish/progress';

describe('publish progress in storage.session', () => {
  it('writes at most once per interval, always the last file, and removes the note at the end', async () => {
    let clock = 1_000;
    const seen: (PublishProgressNote | null)[] = [];
    const stop = watchPublishProgress((note) => seen.push(note));
    const writer = sessionProgressWriter(500, () => clock);
    const progress = { ...emptyProgress(), total: 6, unchanged: 2 };
    for (let uploaded = 1; uploaded <= 4; uploaded++) {
      writer.update({ ...progress, uploaded });
      clock += PROGRESS_INTERVAL_MS / 3;
    }
    await writer.done();
    stop();
    // The first file, then nothing within the interval but the last one, then the end.
    expect(seen).toEqual([{ toUpload: 4, uploaded: 1, startedAt: 500 }, { toUpload: 4, uploaded: 4, startedAt: 500 }, null]);
    expect(await fakeBrowser.storage.session.get(PUBLISH_PROGRESS_KEY)).toEqual({});
  });

  it('writes nothing for a publish that ends within the interval (an edit’s few pages)', async () => {
    let clock = 1_000;
    const seen: (PublishProgressNote | null)[] = [];
    const stop = watchPublishProgress((note) => seen.push(note));
    const writer = sessionProgressWriter(clock, () => clock);
    const progress = { ...emptyProgress(), total: 1100, unchanged: 1093 };
    for (let uploaded = 1; uploaded <= 7; uploaded++) {
      clock += PROGRESS_INTERVAL_MS / 10;
      writer.update({ ...progress, uploaded });
    }
    await writer.done();
    stop();
    expect(seen).toEqual([]);
    expect(await fakeBrowser.storage.session.get(PUBLISH_PROGRESS_KEY)).toEqual({});
  });

  it('ignores a note that is not one (another version, another key)', async () => {
    const seen: (PublishProgressNote | null)[] = [];
    const stop = watchPublishProgress((note) => seen.push(note));
    await fakeBrowser.storage.session.set({ [PUBLISH_PROGRESS_KEY]: { toUpload: 'many' } });
    await fakeBrowser.storage.local.set({ [PUBLISH_PROGRESS_KEY]: { toUpload: 3, uploaded: 1, startedAt: 1 } });
    stop();
    expect(seen).toEqual([null]);
  });
});

// The first-rows floor (issue 19): a static extension page, in Haowu's own origin, that reads the
// first rows a list shows straight from Haowu's IndexedDB (its own API, one readonly transaction)
// and paints them as plain DOM rows. Bundled into bench-floor.js in the bench's copy of the build
// (floors/floor-pages.ts); the page's address says what to read:
//   ?kind=saved&rows=N          the newest N saved items with their products (the popup's Saved list)
//   ?kind=expert&id=ID&rows=N   one expert's newest N picks with their products (the expert page)
//   ?kind=timeline&rows=N&on=click   everyone's newest N picks with their products, read and painted
//                                    on a click on #floor-go (the Picks tab, timed from its click)
// It records, in `__haowuFloorPainted`, the time of the task after the frame that painted the rows:
// from navigation start, or from the click's time stamp, as the real figures are timed.

type Row = { key: string; title: string };
const params = new URLSearchParams(location.search);
const kind = params.get('kind');
const rows = Number(params.get('rows') ?? '40');
const expertId = params.get('id');

const done = (request: IDBRequest) =>
  new Promise<void>((resolve, reject) => {
    request.addEventListener('success', () => resolve());
    request.addEventListener('error', () => reject(request.error));
  });

/** Steps a cursor while `more` says so. */
const walk = (request: IDBRequest<IDBCursor | null>, more: (cursor: IDBCursor) => boolean) =>
  new Promise<void>((resolve, reject) => {
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor || !more(cursor)) return resolve();
      cursor.continue();
    };
  });

async function readFirstRows(): Promise<Row[]> {
  const open = indexedDB.open('haowu');
  await done(open);
  const db = open.result;
  const tx = db.transaction(['saved', 'pickChunks', 'products'], 'readonly');
  const found: { productKey: string }[] = [];
  if (kind === 'saved') {
    // Newest first: Chromium's getAllRecords (one request), else a cursor.
    const source = tx.objectStore('saved').index('by-savedAt') as IDBIndex & { getAllRecords?: (options: { count: number; direction: IDBCursorDirection }) => IDBRequest<{ value: unknown }[]> };
    if (typeof source.getAllRecords === 'function') {
      const request = source.getAllRecords({ count: rows, direction: 'prev' });
      await done(request);
      for (const record of request.result) found.push(record.value as { productKey: string });
    } else await walk(source.openCursor(null, 'prev') as unknown as IDBRequest<IDBCursor | null>, (cursor) => found.push((cursor as IDBCursorWithValue).value as { productKey: string }) < rows);
  } else {
    // Picks live in chunks since database version 5 (utils/db/pick-chunks.ts): the plainest read of the
    // newest ones walks the keys of the chunks' multi-entry `by-updatedAt` index newest first (the
    // expert's own only, for the expert page), then gets each chunk named once.
    const entries: { id: string; chunk: IDBValidKey }[] = [];
    await walk(tx.objectStore('pickChunks').index('by-updatedAt').openKeyCursor(null, 'prev'), (cursor) => {
      const chunk = cursor.primaryKey as [string, number];
      if (kind !== 'expert' || chunk[0] === expertId) entries.push({ id: (cursor.key as [number, string])[1], chunk });
      return entries.length < rows;
    });
    const chunks = new Map<string, Promise<{ picks: { id: string; productKey: string }[] }>>();
    const chunkOf = (key: IDBValidKey) => {
      const id = JSON.stringify(key);
      if (!chunks.has(id)) {
        const request = tx.objectStore('pickChunks').get(key);
        chunks.set(id, done(request).then(() => request.result as { picks: { id: string; productKey: string }[] }));
      }
      return chunks.get(id)!;
    };
    const read = await Promise.all(entries.map((entry) => chunkOf(entry.chunk)));
    entries.forEach((entry, i) => found.push(read[i]!.picks.find((pick) => pick.id === entry.id)!));
  }
  const products = await Promise.all(
    found.map(async ({ productKey }) => {
      const request = tx.objectStore('products').get(productKey);
      await done(request);
      return request.result as { title?: string } | undefined;
    }),
  );
  db.close();
  return found.map(({ productKey }, i) => ({ key: productKey, title: products[i]?.title ?? productKey }));
}

function paint(list: Row[]): void {
  const container = document.createElement('ul');
  container.className = 'floor-rows';
  for (const row of list) {
    const item = document.createElement('li');
    item.className = 'floor-row';
    item.textContent = row.title;
    container.append(item);
  }
  document.body.append(container);
}

async function run(start: number): Promise<void> {
  const list = await readFirstRows();
  if (list.length === 0) throw new Error(`the floor found no ${kind} rows`);
  paint(list);
  requestAnimationFrame(() => setTimeout(() => Object.assign(globalThis, { __haowuFloorPainted: performance.now() - start, __haowuFloorRows: list.length })));
}

if (params.get('on') === 'click') {
  const button = document.createElement('button');
  button.id = 'floor-go';
  button.textContent = 'Picks';
  button.addEventListener('click', (event) => void run(event.timeStamp));
  document.body.append(button);
} else {
  void run(0);
}

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

async function readFirstRows(): Promise<Row[]> {
  const open = indexedDB.open('haowu');
  await done(open);
  const db = open.result;
  const tx = db.transaction(['saved', 'recommendations', 'products'], 'readonly');
  const source = kind === 'saved' ? tx.objectStore('saved').index('by-savedAt') : tx.objectStore('recommendations').index('by-updatedAt');
  const found: { productKey: string; expertId?: string }[] = [];
  const wanted = (value: { expertId?: string }) => kind !== 'expert' || value.expertId === expertId;
  // Newest first, as far as the first rows need: Chromium's getAllRecords in batches (one request
  // each), else a cursor.
  const batched = source as IDBIndex & { getAllRecords?: (options: { query: IDBKeyRange | null; count: number; direction: IDBCursorDirection }) => IDBRequest<{ key: IDBValidKey; value: unknown }[]> };
  if (typeof batched.getAllRecords === 'function') {
    let query: IDBKeyRange | null = null;
    const count = kind === 'expert' ? 500 : rows;
    for (;;) {
      const request = batched.getAllRecords({ query, count, direction: 'prev' });
      await done(request);
      const batch = request.result;
      for (const record of batch) if (found.length < rows && wanted(record.value as { expertId?: string })) found.push(record.value as { productKey: string });
      if (found.length === rows || batch.length < count) break;
      query = IDBKeyRange.upperBound(batch.at(-1)!.key, true);
    }
  } else {
    await new Promise<void>((resolve, reject) => {
      const request = source.openCursor(null, 'prev');
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor) return resolve();
        const value = cursor.value as { productKey: string; expertId?: string };
        if (wanted(value)) found.push(value);
        if (found.length === rows) return resolve();
        cursor.continue();
      };
    });
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

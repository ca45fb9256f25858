/*
 * The files of a window as they are uploaded: each with the headers its host should serve it with.
 */

export interface WindowFile {
  /** Relative to the window's root, `/`-separated: `index.html`, `store/jd.html`. */
  path: string;
  contentType: string;
  cacheControl: string;
  body: string | Uint8Array;
}

/** A built window: every file, the home page first. */
export interface BuiltWindow {
  files: WindowFile[];
}

export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

/*
 * feed.json and collection.json are served as application/json: it is what Haowu's own fetch asks for
 * (`accept: application/json`, utils/feed/fetch-feed.ts), CDNs compress it (a feed can be megabytes),
 * and a browser shows it as JSON rather than downloading it. What kind of JSON it is, the file says
 * itself ("format": "haowu-feed") and the pages' discovery links say with their vendor types below.
 */
export const JSON_CONTENT_TYPE = 'application/json';

/** The discovery convention: `<link rel="alternate" type="…" href="feed.json">` in every page's head. */
export const FEED_LINK_TYPE = 'application/vnd.haowu.feed+json';
export const COLLECTION_LINK_TYPE = 'application/vnd.haowu.collection+json';

export const FEED_FILE = 'feed.json';
export const COLLECTION_FILE = 'collection.json';

/** Pages change when the expert publishes; ten minutes of caching spares the host without hiding a change for long. */
export const PAGE_CACHE_CONTROL = 'public, max-age=600';
/**
 * Followers refresh every few hours (6 by default): five minutes of caching means a refresh never gets
 * a copy older than that. no-transform: the feed is signed, so no proxy may rewrite its bytes.
 */
export const DATA_CACHE_CONTROL = 'public, max-age=300, no-transform';

export const htmlFile = (path: string, body: string): WindowFile => ({ path, contentType: HTML_CONTENT_TYPE, cacheControl: PAGE_CACHE_CONTROL, body });

export const dataFile = (path: string, body: string): WindowFile => ({ path, contentType: JSON_CONTENT_TYPE, cacheControl: DATA_CACHE_CONTROL, body });

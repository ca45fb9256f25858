/*
 * Limits of the feed format. They keep a hostile or runaway file from exhausting memory or the
 * overlay's space, and are part of the format: a feed within them is accepted by every Haowu version 1.
 */

export const FEED_FORMAT = 'haowu-feed';
export const FEED_VERSION = 1;
export const COLLECTION_FORMAT = 'haowu-collection';
export const COLLECTION_VERSION = 1;

/** A feed file, envelope included, in UTF-8 bytes. The payload alone must also fit. */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;
export const MAX_RECOMMENDATIONS = 20_000;
export const MAX_RETRACTIONS = 20_000;

/** A collection file in UTF-8 bytes, and how many feeds it may bundle. */
export const MAX_COLLECTION_BYTES = 20 * 1024 * 1024;
export const MAX_COLLECTION_FEEDS = 500;

export const MAX_URL_LENGTH = 2048;
/** Recommendation ids; stored prefixed with the 40-character expert id, within the database's 128. */
export const MAX_ID_LENGTH = 80;

export const EXPERT_NAME_MAX = 80;
export const EXPERT_BIO_MAX = 500;
export const PRODUCT_TITLE_MAX = 500;
export const PRODUCT_ID_MAX = 200;
export const PRODUCT_KEY_MAX = 220;
export const SHOP_NAME_MAX = 200;
export const REASON_MIN = 10;
export const REASON_MAX = 1000;
export const STOCK_NOTE_MAX = 200;
export const MAX_TAGS = 10;
export const TAG_MAX = 32;

export const COLLECTION_NAME_MAX = 80;
export const COLLECTION_DESCRIPTION_MAX = 500;
export const CURATOR_MAX = 80;

/** Ed25519 sizes, and their unpadded base64url lengths. */
export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const PUBLIC_KEY_BASE64URL_LENGTH = 43;
export const SIGNATURE_BASE64URL_LENGTH = 86;

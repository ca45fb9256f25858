import { storage } from 'wxt/utils/storage';
// zod/mini: the popup reads settings, and its bundle carries zod/mini only (see utils/product.ts).
import * as z from 'zod/mini';
import { HaowuError, zodDetail } from './errors';
import { PARTNER_STORE_HOSTS, type PartnerPlatform } from './stores/partner-hosts';

/*
 * Settings live in browser.storage.local (small, read by every context, watchable), not IndexedDB.
 * Each field falls back to its default on its own, so one corrupt value never resets the rest and a
 * read never throws at the UI.
 */

const PARTNER_PLATFORMS = Object.keys(PARTNER_STORE_HOSTS) as PartnerPlatform[];

const StoresEnabled = z.object(
  Object.fromEntries(PARTNER_PLATFORMS.map((platform) => [platform, z.catch(z.boolean(), true)])) as Record<PartnerPlatform, z.ZodMiniCatch<z.ZodMiniBoolean>>,
);

export const FeedRefreshHours = z.number().check(z.int(), z.minimum(1), z.maximum(168));
const LanguageSetting = z.enum(['auto', 'en', 'zh']);
const ThemeSetting = z.enum(['auto', 'light', 'dark']);
const OriginPatterns = z.array(z.string().check(z.regex(/^https:\/\/[a-z0-9.-]+\/\*$/, 'must be an https origin pattern like https://shop.example/*'))).check(z.maxLength(500));
const StoreIds = z.array(z.string().check(z.minLength(1), z.maxLength(253))).check(z.maxLength(500));

export const Settings = z.object({
  language: z.catch(LanguageSetting, 'auto'),
  theme: z.catch(ThemeSetting, 'auto'),
  stores: z.catch(StoresEnabled, () => StoresEnabled.parse({})),
  amazonOptIn: z.catch(z.boolean(), false),
  otherSitesOptIn: z.catch(z.boolean(), false),
  feedRefreshHours: z.catch(FeedRefreshHours, 6),
  expertMode: z.catch(z.boolean(), false),
  /** Stores (platform, or domain for other stores) where the user chose to hide Haowu. */
  hiddenStores: z.catch(StoreIds, []),
  /** The user asked to keep the overlay collapsed to a small tab. */
  overlayCollapsed: z.catch(z.boolean(), false),
  /** Other stores the user turned on, as origin patterns (`https://shop.example/*`), one site at a time. */
  otherSiteOrigins: z.catch(OriginPatterns, []),
  /** Show how many picks came since the user last looked at the Picks tab on the toolbar badge (where no product page's count is shown). */
  newPicksBadge: z.catch(z.boolean(), false),
  /** Re-read saved items' and cart lines' prices in the background, where the store's served page states them (issue 17; off until turned on). */
  priceChecks: z.catch(z.boolean(), false),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/** What a caller may change; strict, so a typo or a bad value is an error rather than ignored. */
export const SettingsPatch = z.partial(
  z.strictObject({
    language: LanguageSetting,
    theme: ThemeSetting,
    stores: z.partial(z.strictObject(Object.fromEntries(PARTNER_PLATFORMS.map((p) => [p, z.boolean()])) as Record<PartnerPlatform, z.ZodMiniBoolean>)),
    amazonOptIn: z.boolean(),
    otherSitesOptIn: z.boolean(),
    feedRefreshHours: FeedRefreshHours,
    expertMode: z.boolean(),
    hiddenStores: StoreIds,
    overlayCollapsed: z.boolean(),
    otherSiteOrigins: OriginPatterns,
    newPicksBadge: z.boolean(),
    priceChecks: z.boolean(),
  }),
);
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const settingsItem = storage.defineItem<unknown>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** Parses whatever is stored; anything unreadable becomes the default for that field. */
export const readSettings = (raw: unknown): Settings => Settings.parse(typeof raw === 'object' && raw !== null ? raw : {});

export async function getSettings(): Promise<Settings> {
  try {
    return readSettings(await settingsItem.getValue());
  } catch (error) {
    console.warn('[haowu] could not read settings; using defaults', error);
    return DEFAULT_SETTINGS;
  }
}

export async function updateSettings(patch: unknown): Promise<Settings> {
  const parsed = SettingsPatch.safeParse(patch);
  if (!parsed.success) throw new HaowuError('invalid-input', 'settings.invalid', zodDetail(parsed.error));
  const current = await getSettings();
  const next: Settings = { ...current, ...parsed.data, stores: { ...current.stores, ...parsed.data.stores } };
  await settingsItem.setValue(next);
  return next;
}

export const resetSettings = (): Promise<void> => settingsItem.removeValue();

export const watchSettings = (callback: (settings: Settings) => void): (() => void) =>
  settingsItem.watch((raw) => callback(readSettings(raw)));

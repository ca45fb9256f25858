import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { HaowuError, describeZodError } from './errors';
import { PARTNER_STORE_HOSTS, type PartnerPlatform } from './stores/partner-hosts';

/*
 * Settings live in browser.storage.local (small, read by every context, watchable), not IndexedDB.
 * Each field falls back to its default on its own, so one corrupt value never resets the rest and a
 * read never throws at the UI.
 */

const PARTNER_PLATFORMS = Object.keys(PARTNER_STORE_HOSTS) as PartnerPlatform[];

const StoresEnabled = z.object(
  Object.fromEntries(PARTNER_PLATFORMS.map((platform) => [platform, z.boolean().catch(true)])) as Record<PartnerPlatform, z.ZodCatch<z.ZodBoolean>>,
);

export const FeedRefreshHours = z.number().int().min(1).max(168);

export const Settings = z.object({
  language: z.enum(['auto', 'en', 'zh']).catch('auto'),
  theme: z.enum(['auto', 'light', 'dark']).catch('auto'),
  stores: StoresEnabled.catch(() => StoresEnabled.parse({})),
  amazonOptIn: z.boolean().catch(false),
  otherSitesOptIn: z.boolean().catch(false),
  feedRefreshHours: FeedRefreshHours.catch(6),
  expertMode: z.boolean().catch(false),
  /** Stores (platform, or domain for other stores) where the user chose to hide Haowu. */
  hiddenStores: z.array(z.string().min(1).max(253)).max(500).catch([]),
  /** The user asked to keep the overlay collapsed to a small tab. */
  overlayCollapsed: z.boolean().catch(false),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/** What a caller may change; strict, so a typo or a bad value is an error rather than ignored. */
export const SettingsPatch = z
  .object({
    language: z.enum(['auto', 'en', 'zh']),
    theme: z.enum(['auto', 'light', 'dark']),
    stores: z.object(Object.fromEntries(PARTNER_PLATFORMS.map((p) => [p, z.boolean()])) as Record<PartnerPlatform, z.ZodBoolean>).partial().strict(),
    amazonOptIn: z.boolean(),
    otherSitesOptIn: z.boolean(),
    feedRefreshHours: FeedRefreshHours,
    expertMode: z.boolean(),
    hiddenStores: z.array(z.string().min(1).max(253)).max(500),
    overlayCollapsed: z.boolean(),
  })
  .partial()
  .strict();
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
  if (!parsed.success) throw new HaowuError('invalid-input', `Settings not changed: ${describeZodError(parsed.error)}`);
  const current = await getSettings();
  const next: Settings = { ...current, ...parsed.data, stores: { ...current.stores, ...parsed.data.stores } };
  await settingsItem.setValue(next);
  return next;
}

export const resetSettings = (): Promise<void> => settingsItem.removeValue();

export const watchSettings = (callback: (settings: Settings) => void): (() => void) =>
  settingsItem.watch((raw) => callback(readSettings(raw)));

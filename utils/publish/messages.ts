import * as z from 'zod/mini';
import type { PublishOutcome } from './outcome';
import type { PublishTargetView, WindowZipAnswer } from './service';
import { PublicBaseUrl, PublishSecret, PublishTarget } from './target';

/*
 * The publishing messages' payloads and answers, for protocol.ts (extension pages only). The secret
 * comes in with savePublishTarget or publishWindow and never goes out: no answer carries it.
 */

const WindowLanguage = z.enum(['en', 'zh']);

export const PublishPayloads = {
  /** The saved target without its secret, whether a secret is remembered, the origins to ask for, the last publish. */
  getPublishTarget: z.undefined(),
  /** The target (`rememberSecret` and `autoPublish` inside) and, when typed in or changed, the secret. */
  savePublishTarget: z.strictObject({ target: PublishTarget, secret: z.optional(PublishSecret) }),
  forgetPublishSecret: z.undefined(),
  /** Forgets the target and its secret. */
  removePublishTarget: z.undefined(),
  /** Builds and uploads the window (the files that changed, or all with `uploadAll`); `secret` is for this publish only (never stored). */
  publishWindow: z.optional(z.strictObject({ language: z.optional(WindowLanguage), secret: z.optional(PublishSecret), uploadAll: z.optional(z.boolean()) })),
  /** The window as a zip; `publicBaseUrl` defaults to the saved target's. */
  buildWindowZip: z.optional(z.strictObject({ language: z.optional(WindowLanguage), publicBaseUrl: z.optional(PublicBaseUrl) })),
} as const;

export interface PublishValues {
  getPublishTarget: PublishTargetView;
  savePublishTarget: PublishTargetView;
  forgetPublishSecret: { forgotten: boolean };
  removePublishTarget: { removed: boolean };
  publishWindow: PublishOutcome;
  buildWindowZip: WindowZipAnswer;
}

export type PublishMessage = keyof typeof PublishPayloads;

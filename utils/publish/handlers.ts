import type { HandlerMap } from '../messaging/handler';
import type { PublishMessage } from './messages';
import { afterRecording, buildOwnWindowZip, publishOwnWindow, publishTargetView } from './service';
import { forgetPublishing, forgetSecret, saveTarget } from './store';

/** The publishing messages (payloads in messages.ts): Haowu's own pages only, like everything touching the key. */
export const publishHandlers: HandlerMap<PublishMessage> = {
  getPublishTarget: async () => publishTargetView(),
  savePublishTarget: async ({ target, secret }, { now }) => {
    // After the last publish's record, which would otherwise land on the target saved now.
    await afterRecording(() => saveTarget(target, secret, now()));
    return publishTargetView();
  },
  forgetPublishSecret: async () => ({ forgotten: await forgetSecret() }),
  removePublishTarget: async () => ({ removed: await forgetPublishing() }),
  publishWindow: async (request, { db, now }) => publishOwnWindow(await db(), now, { language: request?.language, secret: request?.secret, uploadAll: request?.uploadAll }),
  buildWindowZip: async (request, { db, now }) => buildOwnWindowZip(await db(), now(), { language: request?.language, publicBaseUrl: request?.publicBaseUrl }),
};

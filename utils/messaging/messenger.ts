import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ProtocolMap } from './protocol';

/*
 * The messenger for the protocol, kept apart from protocol.ts so that senders (the content script
 * above all) import the protocol as types only: its payload schemas run in the background, and
 * would otherwise ship classic zod and the database schemas in every store page's content script.
 */
export const messaging = defineExtensionMessaging<ProtocolMap>();
export const { sendMessage, onMessage } = messaging;

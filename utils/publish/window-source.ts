import { buildOwnWindowFiles } from '../window/own-window';
import type { WindowBuilder } from './window-files';

/** The window publishing uploads and zips: the static site builder's (utils/window/own-window.ts). */
export const buildWindow: WindowBuilder = buildOwnWindowFiles;

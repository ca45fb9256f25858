import { askSavedFirstRows } from '../../utils/popup/saved-first-rows';

// Imported by main.tsx before the app: modules run in import order, so the Saved tab's first rows, read
// since the page's first script ran (entrypoints/popup-first-rows.ts), are taken before the app's code is
// evaluated and its shell rendered (utils/popup/saved-first-rows.ts).
askSavedFirstRows();

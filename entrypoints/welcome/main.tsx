// Must stay the first import: see utils/zod-jitless.ts.
import '../../utils/zod-jitless';
import { render } from 'preact';
import { ThemedI18n, useSettings } from '../../components/PopupApp';
import { WelcomePage } from '../../components/WelcomePage';
import { POPUP_STRINGS } from '../../utils/i18n/popup-strings';
import * as welcome from '../../utils/i18n/strings/welcome';
import '../popup/style.css';

const STRINGS = { en: { ...POPUP_STRINGS.en, ...welcome.en }, zh: { ...POPUP_STRINGS.zh, ...welcome.zh } };

// Opened once, when Haowu is installed (utils/background/picks-and-sync.ts). It loads nothing from the network.
function Welcome() {
  const settings = useSettings();
  return (
    <ThemedI18n settings={settings} strings={STRINGS}>
      <WelcomePage />
    </ThemedI18n>
  );
}

render(<Welcome />, document.getElementById('app')!);

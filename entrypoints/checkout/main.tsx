// Must stay the first import: see utils/zod-jitless.ts.
import '../../utils/zod-jitless';
import { render } from 'preact';
import { CheckoutPage } from '../../components/popup/CheckoutPage';
import { ThemedI18n, useSettings } from '../../components/PopupApp';
import '../popup/style.css';

function Checkout() {
  const settings = useSettings();
  return (
    <ThemedI18n settings={settings}>
      <CheckoutPage />
    </ThemedI18n>
  );
}

render(<Checkout />, document.getElementById('app')!);

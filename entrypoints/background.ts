import { defineBackground } from 'wxt/utils/define-background';
import { z } from 'zod';

export default defineBackground(() => {
  // Extension CSP forbids `new Function`, which zod probes for its JIT; set before any schema runs.
  z.config({ jitless: true });
});

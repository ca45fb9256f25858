import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const read = (path: string) => JSON.parse(readFileSync(join(process.cwd(), path), 'utf8'));
const en = read('public/_locales/en/messages.json');
const zh = read('public/_locales/zh_CN/messages.json');

describe('locales', () => {
  it('translates every English message into Chinese, and nothing else', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect(zh[key].message, key).toMatch(/\S/);
  });

  it("keeps the English description equal to package.json's", () => {
    expect(en.extDescription.message).toBe(read('package.json').description);
  });

  it('fits the store limits on name and description', () => {
    for (const messages of [en, zh]) {
      expect(messages.extName.message.length).toBeLessThanOrEqual(45);
      expect(messages.extDescription.message.length).toBeLessThanOrEqual(132);
    }
  });
});

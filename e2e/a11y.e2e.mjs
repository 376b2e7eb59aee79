// Accessibility of the built app (axe-core, injected into the page): at a desktop's and a phone's
// size, in the light and the dark scheme, before and after a restore, no serious or critical
// violation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { dropFile, makePng, openAppOnWasm } from './helpers.mjs';

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

/** The serious and critical violations on the page, one line each (rule, count, first nodes). */
async function violations(page) {
  await page.addScriptTag({ content: AXE });
  const { violations } = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] }),
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.nodes.length}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

for (const phone of [false, true]) {
  for (const scheme of ['light', 'dark']) {
    test(`${phone ? 'phone' : 'desktop'}, ${scheme}: no serious or critical violation before or after a restore`, async () => {
      const app = await openAppOnWasm({ phone });
      try {
        await app.page.emulateMedia({ colorScheme: scheme });
        assert.deepEqual(await violations(app.page), [], 'the empty page');
        await dropFile(app.page, 'photo.png', makePng(48, 40));
        await app.page.getByTestId('diagnosis').waitFor();
        assert.deepEqual(await violations(app.page), [], 'an image opened');
        await app.page.getByTestId('run').click();
        await app.page.getByTestId('result-iln').waitFor();
        await app.page.waitForFunction(
          () => !document.querySelector('[data-testid="job-status"] progress'),
        );
        assert.deepEqual(await violations(app.page), [], 'after a restore');
      } finally {
        await app.close();
      }
    });
  }
}

// The README's and docs' screenshots of the built app (npm run screenshots builds it first):
// the web image docs/images/falls-web.jpg dropped on the page and restored as suggested, at a
// desktop's and a phone's size, in the light and the dark scheme, into docs/images/app-*.jpg.
// Redrawn whenever the UI changes; look at them before committing.
import { readFileSync } from 'node:fs';
import { dropFile, openAppOnWasm } from '../e2e/helpers.mjs';

const INPUT = 'docs/images/falls-web.jpg';

for (const phone of [false, true]) {
  for (const scheme of ['light', 'dark']) {
    const app = await openAppOnWasm({ phone });
    const { page } = app;
    try {
      if (!phone) await page.setViewportSize({ width: 1280, height: 800 });
      await page.emulateMedia({ colorScheme: scheme });
      await dropFile(page, 'falls.jpg', readFileSync(INPUT), 'image/jpeg');
      await page.getByTestId('run-suggested').click();
      await page.getByTestId('result-iln').waitFor();
      await page.waitForFunction(
        () => !document.querySelector('[data-testid="job-status"] progress'),
      );
      // on a phone the settings have folded to one line: show it above the result
      if (phone)
        await page
          .getByTestId('settings-summary')
          .evaluate((el) => el.scrollIntoView({ block: 'start' }));
      else await page.getByTestId('result-iln').scrollIntoViewIfNeeded();
      const path = `docs/images/app-${phone ? 'phone' : 'desktop'}-${scheme}.jpg`;
      await page.screenshot({ path, type: 'jpeg', quality: 80 });
      console.log(path);
    } finally {
      await app.close();
    }
  }
}
process.exit(0);

// Screenshots of the banner and the preferences dialog on the demo site, at 390×844 (phone)
// and 1280×800 (desktop), light and dark, into docs/screenshots/. Run via `make screenshots`.
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/e2e/harness.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const env = await launch();
try {
  for (const [width, height] of [[390, 844], [1280, 800]]) {
    for (const colorScheme of ['light', 'dark']) {
      const { page, context } = await env.newVisitor({ viewport: { width, height }, colorScheme });
      await page.goto(env.url);
      await page.evaluate(() => window.soglasie.ready);
      const banner = page.locator('[data-soglasie="banner"]');
      await banner.waitFor();
      await page.waitForTimeout(400); // the banner's entrance animation
      const name = `${width}x${height}-${colorScheme}`;
      await page.screenshot({ path: join(out, `banner-${name}.png`) });
      await banner.getByRole('button', { name: 'Настроить' }).click();
      await page.locator('[data-soglasie="preferences"]').getByRole('dialog').waitFor();
      await page.screenshot({ path: join(out, `preferences-${name}.png`) });
      console.log(`docs/screenshots/{banner,preferences}-${name}.png`);
      await context.close();
    }
  }
} finally {
  await env.close();
}

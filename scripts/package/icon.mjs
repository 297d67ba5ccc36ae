// Renders resources/icon.png (the 128×128 marketplace icon) from the activity-bar glyph
// resources/layerwise.svg: the same three layers, white on a rounded dark-blue tile, drawn by
// headless chromium (Debian's, through playwright-core) so the PNG is reproducible from the SVG.
// Usage: node scripts/package/icon.mjs   (LAYERWISE_CHROMIUM overrides /usr/bin/chromium)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const glyph = fs.readFileSync(path.join(root, 'resources', 'layerwise.svg'), 'utf8')
  // The glyph strokes with currentColor; scale it to fill most of the tile.
  .replace(/width="24" height="24"/, 'width="96" height="96"');
const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:128px;height:128px;border-radius:24px;background:linear-gradient(160deg,#2f6fd6,#163a7a);
display:flex;align-items:center;justify-content:center;color:#ffffff">${glyph}</div></body></html>`;

const executablePath = process.env.LAYERWISE_CHROMIUM ?? '/usr/bin/chromium';
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-icon-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath, headless: true, viewport: { width: 128, height: 128 }, deviceScaleFactor: 1,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  await page.setContent(html);
  const out = path.join(root, 'resources', 'icon.png');
  await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  console.log(`wrote ${path.relative(root, out)} (${fs.statSync(out).size} bytes)`);
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}

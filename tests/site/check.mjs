// Checks a site written by `pm publish` in a real headless Chromium:
//   node check.mjs SITE_DIR [SCREENSHOT_DIR]
// Every page is opened from file://. A page fails on a console error, an
// uncaught error or a failed request; a relative link that leads to no file
// (or to no element with the #fragment's id), or outside the site; a link
// with a scheme other than http, https or mailto; horizontal overflow at a
// 375px-wide viewport; a first Tab that does not reach the skip link (and
// Enter on it that does not move focus to <main>); text with a contrast
// below 4.5:1 (3:1 for large text); a missing lang, title, viewport or h1;
// a chart or bar without an accessible name; navigation shown in print.
// Screenshots of the roadmap and OKR pages (desktop and phone) are saved for
// review. Exit 1 with the list of failures.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const site = path.resolve(process.argv[2] ?? '');
const shots = path.resolve(process.argv[3] ?? path.join(here, '../../target/site-screenshots'));
if (!process.argv[2] || !existsSync(path.join(site, 'index.html'))) {
  console.error(`usage: node check.mjs SITE_DIR [SCREENSHOT_DIR] (no index.html in ${site})`);
  process.exit(2);
}
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (name.endsWith('.html')) out.push(p);
  }
  return out;
}

const failures = [];
const fail = (page, what) => failures.push(`${path.relative(site, page)}: ${what}`);

const browser = await puppeteer.launch({
  executablePath: browserPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
});

/** Opens `file` in a fresh tab at `viewport`, recording console errors, page errors and failed requests. */
async function open(file, viewport) {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  page.on('console', (m) => { if (m.type() === 'error') fail(file, `console error: ${m.text()}`); });
  page.on('pageerror', (e) => fail(file, `page error: ${e.message}`));
  page.on('requestfailed', (r) => fail(file, `request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => { if (r.status() >= 400) fail(file, `HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return page;
}

const pages = htmlFiles(site);
const ids = new Map(); // file -> Set of element ids
const links = []; // [file, href]

for (const file of pages) {
  const page = await open(file, DESKTOP);
  const facts = await page.evaluate(() => ({
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
    hrefs: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    lang: document.documentElement.lang,
    title: document.title.trim(),
    viewport: !!document.querySelector('meta[name="viewport"]'),
    h1: document.querySelectorAll('h1').length,
    unnamed: [...document.querySelectorAll('svg, progress, meter')]
      .filter((e) => !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')))
      .map((e) => e.outerHTML.slice(0, 80)),
    scripts: document.querySelectorAll('script').length,
  }));
  ids.set(file, new Set(facts.ids));
  for (const h of facts.hrefs) links.push([file, h]);
  if (!facts.lang) fail(file, 'no lang on <html>');
  if (!facts.title) fail(file, 'no <title>');
  if (!facts.viewport) fail(file, 'no <meta name="viewport">');
  if (facts.h1 !== 1) fail(file, `${facts.h1} <h1> elements, not 1`);
  if (facts.scripts) fail(file, `${facts.scripts} <script> elements`);
  for (const u of facts.unnamed) fail(file, `no accessible name: ${u}`);
  const dupes = facts.ids.filter((id, i) => facts.ids.indexOf(id) !== i);
  if (dupes.length) fail(file, `duplicate ids: ${[...new Set(dupes)].join(', ')}`);

  // Text contrast (WCAG 2 relative luminance) against the first opaque background behind it.
  const low = await page.evaluate(() => {
    const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || seen.has(el) || el.closest('svg')) continue;
      seen.add(el);
      const st = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (st.visibility === 'hidden' || st.display === 'none' || r.width === 0 || r.bottom < 0) continue;
      const [a, b] = [lum(rgb(st.color).slice(0, 3)), lum(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(st.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(st.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(`${ratio.toFixed(2)}:1 "${n.textContent.trim().slice(0, 40)}"`);
    }
    return out;
  });
  for (const l of low) fail(file, `low contrast ${l}`);

  // Keyboard: the first Tab reaches the skip link, and Enter on it moves focus to <main>.
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const e = document.activeElement;
    return { skip: e?.classList.contains('skip'), what: `<${e?.tagName.toLowerCase()}> ${e?.textContent.trim().slice(0, 30)}` };
  });
  if (!first.skip) {
    fail(file, `the first Tab focuses ${first.what}, not the skip link`);
  } else {
    await page.keyboard.press('Enter');
    const after = await page.evaluate(() => document.activeElement?.id ?? '');
    if (after !== 'main') fail(file, `the skip link moves focus to "${after}", not main`);
  }

  // Print: navigation hidden, and the page prints.
  await page.emulateMediaType('print');
  const navShown = await page.evaluate(() => [...document.querySelectorAll('nav')].some((n) => getComputedStyle(n).display !== 'none'));
  if (navShown) fail(file, 'navigation is shown in print');
  await page.pdf({ format: 'A4' });
  await page.close();

  // A phone: nothing wider than the screen.
  const phone = await open(file, PHONE);
  // On a mobile viewport innerWidth grows with the content; the layout width does not.
  const { scroll, width } = await phone.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
  }));
  if (scroll > width) fail(file, `wider than a 375px screen: scrollWidth ${scroll} > ${width}`);
  await phone.close();
}

// Links: relative ones resolve to a file of the site (and an id in it); others are web or mail.
for (const [file, href] of links) {
  if (/^(https?:|mailto:)/i.test(href)) continue;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) {
    fail(file, `link with a scheme that is not http, https or mailto: ${href}`);
    continue;
  }
  const url = new URL(href, pathToFileURL(file));
  const target = fileURLToPath(url);
  if (path.relative(site, target).startsWith('..')) {
    fail(file, `link leaves the site: ${href}`);
  } else if (!existsSync(target) || statSync(target).isDirectory()) {
    fail(file, `link to a missing file: ${href}`);
  } else if (url.hash) {
    const id = decodeURIComponent(url.hash.slice(1));
    const known = ids.get(target);
    if (!known) fail(file, `link to a page that was not checked: ${href}`);
    else if (!known.has(id)) fail(file, `link to a missing id: ${href}`);
  }
}

// Screenshots for review.
mkdirSync(shots, { recursive: true });
for (const name of ['roadmap', 'okrs']) {
  const file = path.join(site, `${name}.html`);
  for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const page = await open(file, viewport);
    await page.screenshot({ path: path.join(shots, `${name}-${label}.png`), fullPage: true });
    await page.close();
  }
}
await browser.close();

console.log(`checked ${pages.length} pages and ${links.length} links; screenshots in ${shots}`);
if (failures.length) {
  console.log(`\n${failures.length} failures:`);
  for (const f of failures) console.log(`  ${f}`);
  process.exit(1);
}
console.log('ok');

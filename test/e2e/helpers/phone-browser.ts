/**
 * Debian's Chromium driven by playwright-core as a phone: 390×844, touch, a fresh profile per run, no network of its
 * own (no component updates, no sync). Screenshots go to test-artifacts/phone/ for review.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../../helpers/paseo-cli.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.join(repoRoot, 'test-artifacts/phone');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Phone {
  context: BrowserContext;
  page: Page;
  /** Writes test-artifacts/phone/<name>.png. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A phone by default; `desktop` opens a 1280×800 window with a mouse instead. */
export async function openPhone(opts: { desktop?: boolean } = {}): Promise<Phone> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-chromium-'));
  const device = opts.desktop
    ? { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false }
    : { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, ...device });
  const page = context.pages()[0] ?? (await context.newPage());
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    async shot(name) {
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

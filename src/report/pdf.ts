// PDF through a real renderer: headless Chromium (the Debian package) prints the report's HTML.
// Nothing is downloaded: the browser is found at run time ($MAMORI_CHROMIUM, then the usual
// paths), and without one the caller gets an error that says how to install it. Japanese needs a
// CJK font on the machine (fonts-noto-cjk), which the HTML names first.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MamoriError } from '../schema/errors.js';

export class ReportError extends MamoriError {}

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export const INSTALL_HINT = 'install it with "apt-get install chromium fonts-noto-cjk" (Debian/Ubuntu), or set MAMORI_CHROMIUM to a Chromium or Chrome executable';

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to print with, or undefined when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const forced = env['MAMORI_CHROMIUM'];
  if (forced) return executable(forced) ? forced : undefined;
  return CANDIDATES.find(executable);
}

/** Printing a page of a few hundred kB takes a second or two; a browser that hangs is stopped. */
const TIMEOUT_MS = 60_000;

/** Prints HTML to PDF bytes with headless Chromium. */
export async function htmlToPdf(html: string, options: { chromium?: string } = {}): Promise<Uint8Array> {
  const chromium = options.chromium ?? findChromium();
  if (!chromium) {
    const forced = process.env['MAMORI_CHROMIUM'];
    throw new ReportError('no_chromium', `PDF needs headless Chromium, and ${forced ? `MAMORI_CHROMIUM=${forced} is not an executable` : 'none was found'}: ${INSTALL_HINT}; or use --format html and print it from a browser`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'mamori-report-'));
  try {
    const page = join(dir, 'report.html');
    const pdf = join(dir, 'report.pdf');
    writeFileSync(page, html);
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      '--disable-background-networking',
      '--disable-sync',
      '--no-pdf-header-footer',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--print-to-pdf=${pdf}`,
      pathToFileURL(page).href,
    ];
    await new Promise<void>((resolve, reject) => {
      execFile(chromium, args, { timeout: TIMEOUT_MS, maxBuffer: 4 << 20 }, (err, _out, stderr) => {
        if (err) reject(new ReportError('pdf_failed', `${chromium} could not print the report (${err.message.split('\n')[0]}): ${String(stderr).trim().split('\n').slice(-3).join(' | ')}`, { cause: err }));
        else resolve();
      });
    });
    let bytes: Buffer;
    try {
      bytes = readFileSync(pdf);
    } catch (err) {
      throw new ReportError('pdf_failed', `${chromium} ran but wrote no PDF`, { cause: err });
    }
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new ReportError('pdf_failed', `${chromium} wrote something that is not a PDF`);
    return bytes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

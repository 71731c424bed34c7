import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/**
 * HTML → PDF through headless Chromium. One browser per process, launched on first use and reused:
 * launching costs far more than printing a page. Each render gets its own page in a shared context that
 * has JavaScript off and the network blocked, so a template (an admin's override included) cannot run
 * script or fetch anything: the PDF depends only on the HTML.
 */
export interface PdfRenderer {
  render(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// Chromium stamps the print time into the PDF's CreationDate/ModDate. Pinning both (same byte length, so
// the cross-reference offsets stay valid) makes the PDF a function of the HTML alone: re-rendering a
// stored document reproduces its SHA-256.
const PDF_DATE = /\/(CreationDate|ModDate) \(D:\d{14}([+-]\d{2}'\d{2}'|Z)?\)/g;
function pinPdfDates(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const pinned = text.replace(PDF_DATE, (_match, key: string, zone: string | undefined) => {
    const pinnedZone = zone === undefined ? '' : zone === 'Z' ? 'Z' : "+00'00'";
    return `/${key} (D:20000101000000${pinnedZone})`;
  });
  return pinned === text ? pdf : Buffer.from(pinned, 'latin1');
}

export class ChromiumPdfRenderer implements PdfRenderer {
  private context: Promise<BrowserContext> | undefined;
  private browser: Browser | undefined;

  constructor(private readonly executablePath: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') {}

  private async openContext(): Promise<BrowserContext> {
    const browser = await chromium.launch({ executablePath: this.executablePath, args: CHROMIUM_ARGS });
    this.browser = browser;
    // A crashed or killed browser is relaunched on the next render instead of failing every render after.
    browser.once('disconnected', () => {
      this.context = undefined;
      this.browser = undefined;
    });
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => route.abort());
    return context;
  }

  private sharedContext(): Promise<BrowserContext> {
    if (!this.context) {
      this.context = this.openContext();
      // A failed launch must not be cached, or every later render would fail with the same error.
      this.context.catch(() => {
        this.context = undefined;
      });
    }
    return this.context;
  }

  async render(html: string): Promise<Buffer> {
    const context = await this.sharedContext();
    const page = await context.newPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      // Page size and margins come from the template's @page rule (A4, Decree 30 margins).
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      return pinPdfDates(pdf);
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    const pending = this.context;
    this.context = undefined;
    if (pending) await pending.catch(() => undefined);
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await browser.close();
  }
}

let shared: ChromiumPdfRenderer | undefined;

/** The process-wide renderer. The worker's shutdown calls closeSharedPdfRenderer(). */
export function sharedPdfRenderer(): ChromiumPdfRenderer {
  if (!shared) {
    shared = new ChromiumPdfRenderer();
    // Last resort for scripts that forget to close: lets node exit cleanly instead of hanging on the pipe.
    process.once('beforeExit', () => void closeSharedPdfRenderer());
  }
  return shared;
}

export async function closeSharedPdfRenderer(): Promise<void> {
  const renderer = shared;
  shared = undefined;
  if (renderer) await renderer.close();
}

/** Renders a complete HTML page (from renderDocumentHtml) to an A4 PDF with the shared browser. */
export function renderPdf(html: string): Promise<Buffer> {
  return sharedPdfRenderer().render(html);
}

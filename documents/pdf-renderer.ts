import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { timeDocumentRender } from '../observability/metrics';

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

export interface ChromiumPdfRendererOptions {
  executablePath?: string;
  /** Pages kept open and reused; also the number of PDFs printed at once. */
  maxPages?: number;
}

export class ChromiumPdfRenderer implements PdfRenderer {
  private context: Promise<BrowserContext> | undefined;
  private browser: Browser | undefined;
  // Opening a page costs more than printing one (a renderer process per page), so pages are pooled:
  // setContent replaces the whole document and JavaScript is off, so nothing carries over between uses.
  private readonly idlePages: Page[] = [];
  /** Pages of the current browser, idle or in use; a page of a browser that went away is not in here. */
  private readonly openPages = new Set<Page>();
  private pagesOpening = 0;
  private readonly waiting: Array<(page: Page | null) => void> = [];
  private readonly executablePath: string;
  private readonly maxPages: number;

  constructor(options: ChromiumPdfRendererOptions = {}) {
    this.executablePath = options.executablePath ?? (process.env.CHROMIUM_PATH || '/usr/bin/chromium');
    this.maxPages = options.maxPages ?? 4;
  }

  private async openContext(): Promise<BrowserContext> {
    const browser = await chromium.launch({ executablePath: this.executablePath, args: CHROMIUM_ARGS });
    this.browser = browser;
    // A crashed or killed browser is relaunched on the next render instead of failing every render after.
    browser.once('disconnected', () => {
      if (this.browser === browser) this.forgetBrowser();
    });
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => route.abort());
    return context;
  }

  private forgetBrowser(): void {
    this.context = undefined;
    this.browser = undefined;
    this.idlePages.length = 0;
    this.openPages.clear();
    // Whoever waits for a page opens a fresh one on the next browser.
    for (const wake of this.waiting.splice(0)) wake(null);
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

  private async acquirePage(): Promise<Page> {
    for (;;) {
      const idle = this.idlePages.pop();
      if (idle && !idle.isClosed()) return idle;
      if (idle) continue;
      if (this.openPages.size + this.pagesOpening < this.maxPages) {
        this.pagesOpening++;
        try {
          const page = await (await this.sharedContext()).newPage();
          this.openPages.add(page);
          return page;
        } finally {
          this.pagesOpening--;
        }
      }
      const handedOver = await new Promise<Page | null>((resolve) => this.waiting.push(resolve));
      if (handedOver && !handedOver.isClosed()) return handedOver;
    }
  }

  private releasePage(page: Page, healthy: boolean): void {
    if (!this.openPages.has(page)) return; // from a browser that has since gone away
    if (!healthy || page.isClosed()) {
      this.openPages.delete(page);
      void page.close().catch(() => undefined);
      this.waiting.shift()?.(null);
      return;
    }
    const next = this.waiting.shift();
    if (next) next(page);
    else this.idlePages.push(page);
  }

  render(html: string): Promise<Buffer> {
    return timeDocumentRender(() => this.renderOnce(html));
  }

  private async renderOnce(html: string): Promise<Buffer> {
    const page = await this.acquirePage();
    let healthy = false;
    try {
      await page.setContent(html, { waitUntil: 'load' });
      // Page size and margins come from the template's @page rule (A4, Decree 30 margins).
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      healthy = true;
      return pinPdfDates(pdf);
    } finally {
      this.releasePage(page, healthy);
    }
  }

  async close(): Promise<void> {
    const pending = this.context;
    const browser = this.browser;
    this.forgetBrowser();
    if (pending) await pending.catch(() => undefined);
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

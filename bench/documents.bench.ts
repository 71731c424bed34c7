/**
 * Official documents: HTML renders per second (compiled templates cached, data validated each time, as in
 * production) and PDFs per second through the one shared headless Chromium, sequential and concurrent.
 */
import { performance } from 'node:perf_hooks';
import { closeSharedPdfRenderer, renderPdf } from '../documents/pdf-renderer';
import { renderDocumentHtml } from '../documents/render-html';
import { loadAllSamples, loadSample } from '../documents/samples';

function rate(count: number, ms: number): string {
  return `${((count * 1000) / ms).toFixed(1)}/s (${(ms / count).toFixed(3)} ms each, n=${count})`;
}

async function timeIt(fn: () => Promise<void> | void): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const samples = loadAllSamples();
  const grant = loadSample('grant-monthly-allowance');

  // The first render reads and compiles the templates; the rest hit the cache.
  const coldMs = await timeIt(() => {
    renderDocumentHtml(grant.kind, grant.data, { header: grant.header });
  });
  console.log(`HTML first render (read + compile): ${coldMs.toFixed(1)} ms`);
  for (const sample of samples) renderDocumentHtml(sample.kind, sample.data, { header: sample.header });

  const htmlCount = 5000;
  const grantMs = await timeIt(() => {
    for (let i = 0; i < htmlCount; i++) renderDocumentHtml(grant.kind, grant.data, { header: grant.header });
  });
  console.log(`HTML renders, grant decision: ${rate(htmlCount, grantMs)}`);

  const mixedMs = await timeIt(() => {
    for (let i = 0; i < htmlCount; i++) {
      const sample = samples[i % samples.length];
      if (sample) renderDocumentHtml(sample.kind, sample.data, { header: sample.header });
    }
  });
  console.log(`HTML renders, all ${samples.length} samples mixed: ${rate(htmlCount, mixedMs)}`);

  const html = renderDocumentHtml(grant.kind, grant.data, { header: grant.header }).html;
  const launchMs = await timeIt(async () => {
    await renderPdf(html);
  });
  console.log(`PDF first render (browser launch): ${launchMs.toFixed(0)} ms`);

  const pdfCount = 40;
  const sequentialMs = await timeIt(async () => {
    for (let i = 0; i < pdfCount; i++) await renderPdf(html);
  });
  console.log(`PDFs, sequential: ${rate(pdfCount, sequentialMs)}`);

  const concurrency = 4;
  const concurrentMs = await timeIt(async () => {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = 0; i < pdfCount / concurrency; i++) await renderPdf(html);
      }),
    );
  });
  console.log(`PDFs, ${concurrency} concurrent pages: ${rate(pdfCount, concurrentMs)}`);
  const size = (await renderPdf(html)).length;
  console.log(`PDF size, grant decision: ${(size / 1024).toFixed(1)} KiB`);

  await closeSharedPdfRenderer();
}

main().catch(async (error: unknown) => {
  console.error(error);
  await closeSharedPdfRenderer();
  process.exit(1);
});

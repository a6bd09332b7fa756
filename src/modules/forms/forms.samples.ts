import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  sampleForm01,
  sampleForm02,
  sampleForm03,
  sampleForm04,
  sampleForm05,
  sampleForm06,
  sampleRegisterMeta,
  sampleRegisterRows,
} from './fixtures.js';
import {
  renderForm01Receipt,
  renderForm02Supplement,
  renderForm03Refusal,
  renderForm04Apology,
  renderForm05Stop,
  renderForm06ProcessControl,
  renderForm07Register,
  renderRegisterXlsx,
} from './index.js';

/**
 * Renders the sample forms (docs and visual review, not part of the server):
 * `npx tsx src/modules/forms/forms.samples.ts [DIR] [--pdf]` writes a PNG of the first page of
 * each form (pdftoppm, 60 dpi) into DIR (default docs/forms), and the PDFs and the .xlsx too
 * with --pdf.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'docs/forms');
  const keepPdf = args.includes('--pdf');
  await mkdir(dir, { recursive: true });
  const samples: Array<[string, () => Promise<Buffer>]> = [
    ['mau-01-giay-tiep-nhan', () => renderForm01Receipt(sampleForm01)],
    ['mau-02-yeu-cau-bo-sung', () => renderForm02Supplement(sampleForm02)],
    ['mau-03-tu-choi', () => renderForm03Refusal(sampleForm03)],
    ['mau-04-xin-loi', () => renderForm04Apology(sampleForm04)],
    ['mau-05-dung-giai-quyet', () => renderForm05Stop(sampleForm05)],
    ['mau-06-kiem-soat', () => renderForm06ProcessControl(sampleForm06)],
    ['mau-07-so-theo-doi', () => renderForm07Register(sampleRegisterRows(200), sampleRegisterMeta)],
  ];
  for (const [name, render] of samples) {
    const pdf = await render();
    const file = path.join(dir, `${name}.pdf`);
    await writeFile(file, pdf);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      file,
      path.join(dir, name),
    ]);
    // pdftoppm names the page "<name>-1.png" or "<name>-01.png" depending on the page count.
    const produced = (await readdir(dir)).find(
      (f) => f.startsWith(`${name}-`) && f.endsWith('.png'),
    );
    if (produced) await rename(path.join(dir, produced), path.join(dir, `${name}.png`));
    if (!keepPdf) await rm(file);
    const size = (await stat(path.join(dir, `${name}.png`))).size;
    console.log(`${name}.png ${Math.round(size / 1024)} KB`);
  }
  if (keepPdf)
    await writeFile(
      path.join(dir, 'mau-07-so-theo-doi.xlsx'),
      await renderRegisterXlsx(sampleRegisterRows(200), sampleRegisterMeta),
    );
}

await main();

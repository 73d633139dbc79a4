// PDFKit: pure JavaScript (no native build, no install scripts), maintained by the foliojs project,
// writes text with the standard PDF fonts so the result stays searchable and extractable (pdftotext),
// and lets the document info be set, which keeps the output byte-for-byte reproducible.
import PDFDocument from 'pdfkit';
import type { FirstArticleForms } from '../first-article-form/first-article-form';
import {
  CHARACTERISTIC_HEADERS,
  characteristicRows,
  FORM1_TITLE,
  form1Fields,
  FORM2_TITLE,
  FORM3_TITLE,
  MATERIAL_HEADERS,
  materialRows,
  PROCESS_HEADERS,
  processRows,
} from './first-article-rows';

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 36;
const FONT_SIZE = 8;
const PAD = 3;
/** Used when the forms carry no timestamp at all: the PDF never reads the clock. */
const NO_DATE = new Date('2000-01-01T00:00:00Z');

/** The latest timestamp the forms carry: the PDF's creation date, so the same forms give the same bytes. */
export function formsDate(forms: FirstArticleForms): Date {
  const stamps = [forms.form1.baseline?.promotedAt, ...forms.form2.specialProcesses.map((p) => p.completedAt)]
    .filter((s): s is string => typeof s === 'string')
    .map((s) => Date.parse(s))
    .filter((t) => Number.isFinite(t));
  return stamps.length ? new Date(Math.max(...stamps)) : NO_DATE;
}

function title(doc: Doc, text: string): void {
  doc
    .font('Helvetica-Bold')
    .fontSize(12)
    .text(text, MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.5);
}

function subtitle(doc: Doc, text: string): void {
  doc.font('Helvetica-Bold').fontSize(10).text(text, MARGIN, doc.y);
  doc.moveDown(0.3);
}

/** A ruled table, header row shaded and repeated on each page it runs onto. */
function table(doc: Doc, headers: string[], rows: string[][], weights: number[], empty: string): void {
  const width = doc.page.width - 2 * MARGIN;
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / total) * width);
  const bottom = () => doc.page.height - MARGIN;

  const heightOf = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
  };
  const draw = (cells: string[], bold: boolean) => {
    const h = heightOf(cells, bold);
    if (doc.y + h > bottom()) doc.addPage();
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const w = widths[i]!;
      if (bold) doc.rect(x, top, w, h).fillAndStroke('#e6e6e6', '#000000');
      else doc.rect(x, top, w, h).stroke('#000000');
      doc.fillColor('#000000').text(cell, x + PAD, top + PAD, { width: w - 2 * PAD });
      x += w;
    });
    doc.x = MARGIN;
    doc.y = top + h;
  };

  doc.lineWidth(0.5);
  draw(headers, true);
  const body = rows.length ? rows : [[empty, ...headers.slice(1).map(() => '')]];
  for (const cells of body) {
    if (doc.y + heightOf(cells, false) > bottom()) {
      doc.addPage();
      draw(headers, true);
    }
    draw(cells, false);
  }
  doc.moveDown(0.8);
}

/** The three AS9102 forms as a PDF (A4 landscape), one form per page. */
export function firstArticlePdf(forms: FirstArticleForms): Promise<Buffer> {
  const date = formsDate(forms);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    info: {
      Title: `First article ${forms.lotNumber} (${forms.partNumber})`,
      Subject: 'AS9102 first article inspection forms',
      Producer: 'Lotstream',
      Creator: 'Lotstream',
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  title(doc, FORM1_TITLE);
  table(doc, ['Field', 'Value'], form1Fields(forms), [1, 4], '');

  doc.addPage();
  title(doc, FORM2_TITLE);
  subtitle(doc, 'Materials');
  table(doc, MATERIAL_HEADERS, materialRows(forms), [3, 3, 3, 3, 1, 3, 4, 2], 'No material consumed.');
  subtitle(doc, 'Special processes');
  table(doc, PROCESS_HEADERS, processRows(forms), [3, 2, 2, 2, 3, 3], 'No special process.');

  doc.addPage();
  title(doc, FORM3_TITLE);
  table(doc, CHARACTERISTIC_HEADERS, characteristicRows(forms), [3, 2, 2, 2, 1, 4, 2, 2, 2, 4, 2, 2, 2], 'No characteristic in the plan.');

  doc.end();
  return done;
}

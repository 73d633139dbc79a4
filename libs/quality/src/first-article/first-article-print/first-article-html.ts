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

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every recorded value is text from a client: escaped, so a lot number cannot inject markup. */
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function table(headers: string[], rows: string[][], empty: string): string {
  const head = `<thead><tr>${headers.map((h) => `<th scope="col">${escape(h)}</th>`).join('')}</tr></thead>`;
  const body = rows.length
    ? rows.map((cells) => `<tr>${cells.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${headers.length}">${escape(empty)}</td></tr>`;
  return `<table>${head}<tbody>\n${body}\n</tbody></table>`;
}

// A4 landscape, one form per page, black on white; no script, no external resources.
const STYLE = `
@page { size: A4 landscape; margin: 12mm; }
body { font: 10pt/1.3 Helvetica, Arial, sans-serif; color: #000; background: #fff; margin: 0; }
h1 { font-size: 13pt; margin: 0 0 6pt; }
h2 { font-size: 11pt; margin: 8pt 0 4pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 8pt; }
th, td { border: 0.5pt solid #000; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #e6e6e6; }
section { page-break-after: always; break-after: page; }
section:last-child { page-break-after: auto; break-after: auto; }
@media print { th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

/** The three AS9102 forms as one print-ready HTML page. */
export function firstArticleHtml(forms: FirstArticleForms): string {
  const fields = form1Fields(forms)
    .map(([label, value]) => `<tr><th scope="row">${escape(label)}</th><td>${escape(value)}</td></tr>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(`First article ${forms.lotNumber} (${forms.partNumber})`)}</title>
<style>${STYLE}</style>
</head>
<body>
<section id="form1">
<h1>${escape(FORM1_TITLE)}</h1>
<table><tbody>
${fields}
</tbody></table>
</section>
<section id="form2">
<h1>${escape(FORM2_TITLE)}</h1>
<h2>Materials</h2>
${table(MATERIAL_HEADERS, materialRows(forms), 'No material consumed.')}
<h2>Special processes</h2>
${table(PROCESS_HEADERS, processRows(forms), 'No special process.')}
</section>
<section id="form3">
<h1>${escape(FORM3_TITLE)}</h1>
${table(CHARACTERISTIC_HEADERS, characteristicRows(forms), 'No characteristic in the plan.')}
</section>
</body>
</html>
`;
}

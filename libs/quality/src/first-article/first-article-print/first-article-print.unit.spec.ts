import type { FirstArticleForms } from '../first-article-form/first-article-form';
import { firstArticleHtml } from './first-article-html';
import { firstArticlePdf, formsDate } from './first-article-pdf';

const forms = (lotNumber: string, promotedAt = '2026-02-02T10:00:00Z'): FirstArticleForms => ({
  lotNumber,
  partNumber: 'P-1',
  complete: true,
  missing: [],
  failed: [],
  form1: {
    partNumber: 'P-1',
    partRevision: 'A',
    lotNumber,
    siteId: 'S-1',
    faiType: 'full',
    baseline: { source: 'prototype-promotion', buildId: 'B-1', partRevision: 'A', routingRevision: 'R1', eventId: 'e-1', promotedAt },
  },
  form2: { materials: [], specialProcesses: [] },
  form3: { characteristics: [{ characteristicId: 'C-1', unit: 'mm', results: [1.5], verdict: 'pass', inPlan: true, inspectionIds: ['I-1'] }] },
});

describe('first article print renderings', () => {
  it('escapes recorded text in the HTML so a value cannot inject markup', () => {
    const html = firstArticleHtml(forms('<script>x</script>'));
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
  });

  it('dates the PDF from the forms, not the clock, so the same forms give the same bytes', async () => {
    expect(formsDate(forms('L-1')).toISOString()).toBe('2026-02-02T10:00:00.000Z');
    const first = await firstArticlePdf(forms('L-1'));
    const second = await firstArticlePdf(forms('L-1'));
    expect(first.equals(second)).toBe(true);
    expect(first.equals(await firstArticlePdf(forms('L-1', '2026-02-03T10:00:00Z')))).toBe(false);
  });
});

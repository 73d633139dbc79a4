import type { RecordedEvent } from '@lotstream/event-store';
import { CorrectionFacts, correctedInstant, correctedNumber, correctedText } from './correction-facts';

const event = (type: string, streamVersion: number, data: Record<string, unknown>): RecordedEvent =>
  ({ type, streamVersion, streamId: 'lot-L1', streamCategory: 'lot', data }) as unknown as RecordedEvent;

const recorder = () => {
  const queries: Array<{ sql: string; params: unknown[] }> = [];
  return { queries, tx: { query: async (sql: string, params: unknown[]) => queries.push({ sql, params }) } as never };
};

describe('CorrectionFacts', () => {
  const facts = new CorrectionFacts(
    'trace_step_corrections',
    { ProductionStepCompleted: { operation: correctedText, startedAt: correctedInstant, quantityGood: correctedNumber } },
    [
      {
        table: 'trace_steps',
        eventType: 'ProductionStepCompleted',
        match: { eventVersion: 'stream_version' },
        columns: { operation: ['operation', 'text'], started_at: ['startedAt', 'timestamptz'] },
      },
    ],
  );

  it('keeps a correction of a followed event with only the followed fields, each as the column stores it, and skips malformed values', async () => {
    const rows = facts.rows();
    const taken = rows.take(
      event('EventCorrected', 5, {
        eventType: 'ProductionStepCompleted',
        eventVersion: 2,
        recordId: 'OP10',
        corrected: { operation: 'turning', startedAt: '2026-03-01T01:00:00+01:00', quantityGood: 'many', parameters: { rpm: 1 } },
      }),
      'L1',
    );
    expect(taken).toBe(true);
    const { queries, tx } = recorder();
    await rows.flush(tx);
    expect(queries).toHaveLength(2);
    expect(queries[0].params).toEqual([
      '["L1"]',
      '["5"]',
      '["2"]',
      '["ProductionStepCompleted"]',
      '["OP10"]',
      '["false"]',
      '[{"operation":"turning","startedAt":"2026-03-01T00:00:00.000Z"}]',
    ]);
    expect(queries[1].params).toEqual([['L1']]);
    expect(queries[1].sql).toContain('DELETE FROM trace_steps t USING c WHERE c.voided');
    expect(queries[1].sql).toContain(`"started_at" = CASE WHEN c.fields ? 'startedAt' THEN (c.fields->>'startedAt')::timestamptz ELSE t."started_at" END`);
  });

  it('marks the lot of an original event touched (its correction may have come first), and ignores corrections of other event types', async () => {
    const rows = facts.rows();
    expect(rows.take(event('ProductionStepCompleted', 2, { stepId: 'OP10' }), 'L2')).toBe(false);
    expect(rows.take(event('EventVoided', 6, { eventType: 'LotShipped', eventVersion: 3, recordId: 'SH-1' }), 'L3')).toBe(true);
    expect(rows.take(event('LotRegistered', 1, {}), 'L4')).toBe(false);
    const { queries, tx } = recorder();
    await rows.flush(tx);
    expect(queries.map((q) => q.params)).toEqual([[['L2']]]);
  });

  it('writes nothing for a page without followed events', async () => {
    const rows = facts.rows();
    rows.take(event('LotRegistered', 1, {}), 'L1');
    const { queries, tx } = recorder();
    await rows.flush(tx);
    expect(queries).toEqual([]);
  });

  it('refuses a column naming a field it does not follow', () => {
    expect(
      () =>
        new CorrectionFacts('x_corrections', { InspectionRecorded: { stage: correctedText } }, [
          { table: 'x', eventType: 'InspectionRecorded', match: { recordId: 'inspection_id' }, columns: { gauge_id: ['gaugeId', 'text'] } },
        ]),
    ).toThrow('x.gauge_id: InspectionRecorded.gaugeId is not a followed field');
  });
});

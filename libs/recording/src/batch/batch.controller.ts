import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles, WRITE_ROLES } from '@lotstream/access';
import { problem } from '@lotstream/platform';
import { CommandRunner } from '../command-runner';
import { failed } from '../outcomes';
import { Write, WriteHeaders } from '../http/write-headers';
import { BatchDto, BatchItemResult } from './batch.dto';

const ITEM_FIELDS = new Set(['type', 'idempotencyKey', 'payload']);

const EXAMPLE = {
  commands: [
    {
      type: 'RegisterLot',
      idempotencyKey: 'mes-7f3a-0001',
      payload: { lotNumber: 'L-2026-0002', partNumber: 'PN-4711', partRevision: 'C', quantity: 300, unit: 'pcs', siteId: 'SITE-A' },
    },
    {
      type: 'RecordProductionStep',
      idempotencyKey: 'mes-7f3a-0002',
      payload: {
        lotNumber: 'L-2026-0002',
        stepId: 'OP10',
        operation: 'turning',
        sequence: 10,
        workCenter: 'WC-LATHE-2',
        equipmentIds: ['LATHE-07'],
        operatorId: 'OPR-117',
        sopRevision: 'SOP-12 rev D',
        startedAt: '2026-11-25T08:30:00Z',
        completedAt: '2026-11-25T09:10:00Z',
        quantityIn: 300,
        quantityGood: 299,
        quantityScrapped: 1,
      },
    },
  ],
};

@ApiTags('batch')
@Controller('v1/batch')
export class BatchController {
  constructor(private readonly runner: CommandRunner) {}

  @Post()
  @HttpCode(200)
  @Roles(...WRITE_ROLES)
  @ApiOperation({
    summary: 'Run up to 1,000 independent write commands',
    description:
      'Items run in order; each gets the status it would have had alone (201, 400, 403, 404, 409, 422) and a bad item never blocks ' +
      'or half-writes the others. Later items see what earlier items recorded. Command types: RegisterLot, ConsumeMaterial, SplitLot, ' +
      'RecordProductionStep, RecordInspection, RaiseNonconformance, DispositionNonconformance, ShipLot, RegisterEquipment, ' +
      'RecordCalibration, RecordMsaStudy, StartPrototypeBuild, RecordPrototypeStep, RecordPrototypeInspection, RecordPrototypeNote, ' +
      'CompletePrototypeBuild, PromotePrototype.',
  })
  @ApiBody({ type: BatchDto, examples: { example: { summary: 'Register a lot and record its first step', value: EXAMPLE } } })
  @ApiOkResponse({
    description: 'One result per item, in order.',
    schema: {
      example: {
        results: [
          { index: 0, status: 201, streamId: 'lot-L-2026-0002', streamVersion: 1 },
          { index: 1, status: 201, streamId: 'lot-L-2026-0002', streamVersion: 2 },
        ],
      },
    },
  })
  async run(@Body() body: BatchDto, @CurrentActor() actor: Actor, @Write('batch') headers: WriteHeaders): Promise<{ results: BatchItemResult[] }> {
    const shapeProblems = body.commands.map((item) => {
      const unknown = Object.keys(item).filter((field) => !ITEM_FIELDS.has(field));
      return unknown.length === 0
        ? undefined
        : failed(
            problem(400, 'validation', `The command has ${unknown.length} invalid field(s).`, {
              errors: unknown.map((field) => ({ field, message: `property ${field} should not exist` })),
            }),
          );
    });
    const results = await this.runner.runBatch(
      body.commands.map((item, index) =>
        shapeProblems[index] ? { type: undefined, payload: undefined } : { type: item.type, idempotencyKey: item.idempotencyKey, payload: item.payload },
      ),
      actor,
      headers.correlationId,
    );
    return {
      results: results.map((result, index) => {
        const outcome = shapeProblems[index] ?? result;
        return outcome.status === 201
          ? { index, status: 201, streamId: outcome.streamId, streamVersion: outcome.streamVersion }
          : { index, status: outcome.status, problem: outcome.body };
      }),
    };
  }
}

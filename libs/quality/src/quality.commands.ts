import { QUALITY_WRITERS } from '@lotstream/access';
import { equipmentStreamId } from '@lotstream/metrology';
import { lotStreamId } from '@lotstream/production';
import type { CommandDefinition } from '@lotstream/recording';
import { RecordInspectionDto } from './inspection/record-inspection/record-inspection.dto';
import { RecordInspectionCommand } from './inspection/record-inspection/record-inspection.handler';
import { DispositionNonconformanceDto } from './nonconformance/disposition-nonconformance/disposition-nonconformance.dto';
import { DispositionNonconformanceCommand } from './nonconformance/disposition-nonconformance/disposition-nonconformance.handler';
import { RaiseNonconformanceDto } from './nonconformance/raise-nonconformance/raise-nonconformance.dto';
import { RaiseNonconformanceCommand } from './nonconformance/raise-nonconformance/raise-nonconformance.handler';

/** Quality write commands by type, for POST /v1/batch and the Kafka MES intake. */
export const qualityCommands: CommandDefinition[] = [
  {
    type: 'RecordInspection',
    payload: RecordInspectionDto,
    command: RecordInspectionCommand,
    roles: QUALITY_WRITERS,
    streamOf: (p: RecordInspectionDto) => lotStreamId(p.lotNumber),
    reads: (p: RecordInspectionDto) => [equipmentStreamId(p.gaugeId)],
  },
  {
    type: 'RaiseNonconformance',
    payload: RaiseNonconformanceDto,
    command: RaiseNonconformanceCommand,
    roles: QUALITY_WRITERS,
    streamOf: (p: RaiseNonconformanceDto) => lotStreamId(p.lotNumber),
  },
  {
    type: 'DispositionNonconformance',
    payload: DispositionNonconformanceDto,
    command: DispositionNonconformanceCommand,
    roles: QUALITY_WRITERS,
    streamOf: (p: DispositionNonconformanceDto) => lotStreamId(p.lotNumber),
  },
];

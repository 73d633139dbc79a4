import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { compiledValidation } from '@lotstream/platform';
import { productionCommands } from '@lotstream/production';
import { qualityCommands } from '@lotstream/quality';
import { inspectionBody, stepBody } from './http.bench';

/**
 * `npx ts-node --transpile-only -r tsconfig-paths/register bench/admission.measure.ts`: the CPU of
 * judging a batch's 1,000 payloads (3 steps to 1 inspection, as the http suite posts them) with
 * class-validator and with the compiled validators, alternating, five rounds; plainToInstance is
 * timed apart (both paths pay it). Not part of `npm run bench`: a same-run ratio for the note.
 */
const step = productionCommands.find((d) => d.type === 'RecordProductionStep')!.payload;
const inspection = qualityCommands.find((d) => d.type === 'RecordInspection')!.payload;
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } } as const;
const payloads = Array.from({ length: 1000 }, (_, i) =>
  i % 4 === 3 ? ([inspection, { lotNumber: 'L-1', ...inspectionBody(i) }] as const) : ([step, { lotNumber: 'L-1', ...stepBody(i) }] as const),
);

async function main(): Promise<void> {
  compiledValidation.compileAll();
  const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
  for (let round = 1; round <= 5; round++) {
    let t = process.hrtime.bigint();
    const instances = payloads.map(([dto, p]) => plainToInstance(dto as new () => object, p) as object);
    const transform = ms(t);
    t = process.hrtime.bigint();
    let refused = 0;
    for (const instance of instances) if ((await validate(instance, OPTIONS)).length > 0) refused++;
    const classValidator = ms(t);
    t = process.hrtime.bigint();
    for (const instance of instances) if (!compiledValidation.accepts(instance)) refused++;
    const compiled = ms(t);
    console.log(
      `round ${round}: plainToInstance ${transform.toFixed(1)} ms, class-validator ${classValidator.toFixed(1)} ms, compiled ${compiled.toFixed(1)} ms ` +
        `(${(classValidator / compiled).toFixed(0)} ×) per 1,000 payloads; refused ${refused}`,
    );
  }
}

void main();

import 'reflect-metadata';
import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { IsString, validate, ValidatePromise, ValidatorConstraint, ValidatorConstraintInterface, Validate } from 'class-validator';
import { b2mmlCommands } from '@lotstream/b2mml';
import { documentsCommands } from '@lotstream/documents';
import { metrologyCommands } from '@lotstream/metrology';
import { personnelCommands } from '@lotstream/personnel';
import { CompiledValidation, compiledValidation, UnsupportedValidationError } from '@lotstream/platform';
import { productionCommands } from '@lotstream/production';
import { prototypingCommands } from '@lotstream/prototyping';
import { qualityCommands } from '@lotstream/quality';
import { CommandCatalog, type CommandDefinition } from '@lotstream/recording';
import { siteCommands } from '@lotstream/sites';
import { supplierCommands } from '@lotstream/suppliers';
import { invalidBody, routes, wrongTypeFor } from './fuzz-corpus';

jest.setTimeout(600_000);

/** The options of the HTTP ValidationPipe and of batch/Kafka admission. */
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } } as const;

const catalog = new CommandCatalog();
catalog.register([
  ...productionCommands,
  ...qualityCommands,
  ...metrologyCommands,
  ...prototypingCommands,
  ...personnelCommands,
  ...supplierCommands,
  ...documentsCommands,
  ...siteCommands,
  ...b2mmlCommands,
]);
const definitions = catalog.types().map((type) => catalog.get(type)!);

/** The route's example as a whole payload: the body example plus the path ids' examples. */
const examplePayload = (definition: CommandDefinition): Record<string, unknown> => ({
  ...Object.fromEntries((definition.route.params ?? []).map((p) => [p.name, p.example])),
  ...(definition.api.example as Record<string, unknown>),
});

interface Verdicts {
  compared: number;
  accepted: number;
  /** class-validator itself threw (a constraint that throws on some value). */
  throws: number;
  mismatches: Array<{ dto: string; input: unknown; classValidator: Verdict; compiled: Verdict }>;
}

type Verdict = boolean | 'throws';
const settle = async (run: () => boolean | Promise<boolean>): Promise<Verdict> => {
  try {
    return await run();
  } catch {
    return 'throws';
  }
};

/**
 * Judges one raw value both ways (each on its own fresh instance) and records any disagreement.
 * A value that is not an object never reaches a validator (admission and the pipe refuse it first).
 */
async function judge(dto: new () => object, input: unknown, verdicts: Verdicts): Promise<Verdict> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const classValidator = await settle(async () => (await validate(plainToInstance(dto, input) as object, OPTIONS)).length === 0);
  const compiled = await settle(() => compiledValidation.accepts(plainToInstance(dto, input) as object));
  verdicts.compared++;
  if (classValidator === true) verdicts.accepted++;
  if (classValidator === 'throws') verdicts.throws++;
  // What must agree is the accept: a refusal (or class-validator's own exception) is handed to
  // class-validator in the product, whatever the compiled validator said.
  if ((classValidator === true) !== (compiled === true) && verdicts.mismatches.length < 10)
    verdicts.mismatches.push({ dto: dto.name, input, classValidator, compiled });
  return classValidator;
}

/** Values that probe each field's rules: near its limits, of other JSON types, and nested variants. */
const probe = (value: unknown): fc.Arbitrary<unknown> => {
  const near: fc.Arbitrary<unknown>[] = [wrongTypeFor(value), fc.jsonValue({ maxDepth: 2 })];
  if (typeof value === 'string') {
    near.push(
      fc.constantFrom('', ' ', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(200), 'x'.repeat(201), 'x'.repeat(2000), 'a\u0000b', 'a\nb', 'a\u007fb', 'A B', 'é'),
      fc.constantFrom(
        '2026-11-25T08:30:00Z',
        '2026-11-25T08:30:00',
        '2026-02-30T00:00:00Z',
        '2026-11-25T24:00:00Z',
        '1899-12-31T23:59:59Z',
        '2026-11-25T08:30+01:00',
      ),
      fc.string({ maxLength: 70 }),
      fc.string({ unit: 'grapheme', maxLength: 10 }),
      fc.constant(value.slice(0, Math.max(1, value.length - 1))),
      fc.constant(value.toUpperCase()),
    );
  }
  if (typeof value === 'number') {
    near.push(
      fc.constantFrom(0, -0, 1, -1, 0.5, 1e9, 1e9 + 1, 1e12, 1e12 + 1, -1e12 - 1, 1.1234567, 1.123456, 2 ** 53, value + 0.5, -value),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
  }
  if (Array.isArray(value)) {
    near.push(
      fc.constant([]),
      fc.constant([...value, ...value]),
      fc.array(fc.constantFrom(...(value.length ? value : [1])), { maxLength: 60 }),
      value.length ? probe(value[0]).map((item) => [item, ...value.slice(1)]) : fc.constant([null]),
    );
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) near.push(mutate(value as Record<string, unknown>, 1));
  return fc.oneof(...near);
};

/** A payload changed in one to three of its fields (or removed, or one added), nested objects included. */
function mutate(valid: Record<string, unknown>, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.keys(valid);
  if (fields.length === 0) return fc.constant(valid);
  const one = fc.oneof(
    fc.constantFrom(...fields).chain((field) => (depth > 2 ? wrongTypeFor(valid[field]) : probe(valid[field])).map((v) => [field, v] as const)),
    fc.constantFrom(...fields).map((field) => [field, undefined] as const),
    fc.tuple(fc.constantFrom('extra', 'note', 'lotnumber', 'id'), fc.jsonValue({ maxDepth: 1 })).map(([field, v]) => [field, v] as const),
  );
  return fc.array(one, { minLength: 0, maxLength: 3 }).map((changes) => {
    const out: Record<string, unknown> = { ...valid };
    for (const [field, value] of changes) {
      if (value === undefined) delete out[field];
      else out[field] = value;
    }
    return out;
  });
}

describe('compiled validators (ajv) against class-validator', () => {
  it('compiles every DTO of the product at start-up', () => {
    expect(compiledValidation.compileAll()).toBeGreaterThan(definitions.length);
  });

  it('accepts each command type example, as class-validator does', async () => {
    const verdicts: Verdicts = { compared: 0, accepted: 0, throws: 0, mismatches: [] };
    const refused: string[] = [];
    for (const definition of definitions) if ((await judge(definition.payload, examplePayload(definition), verdicts)) !== true) refused.push(definition.type);
    expect(verdicts.mismatches).toEqual([]);
    // Its documented example carries a placeholder token ('q3V0…one-time-token'), refused by both.
    expect(refused).toEqual(['SetSigningCredential']);
  });

  it('accepts and refuses exactly what class-validator does on the fuzz corpus of the write routes', async () => {
    const verdicts: Verdicts = { compared: 0, accepted: 0, throws: 0, mismatches: [] };
    for (const route of routes.filter((r) => r.path !== '/v1/batch')) {
      const definition = definitions.find((d) => new RegExp(`^${d.route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(route.path));
      if (!definition) throw new Error(`no command for ${route.path}`);
      const dto = definition.body ?? definition.payload;
      await judge(dto, route.valid, verdicts);
      for (const raw of fc.sample(invalidBody(route.valid), { numRuns: 400, seed: 22 })) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          continue; // not JSON: refused by the body parser before any validator
        }
        await judge(dto, parsed, verdicts);
      }
    }
    expect(verdicts.mismatches).toEqual([]);
    expect(verdicts.compared).toBeGreaterThan(5000);
    expect(verdicts.accepted).toBeGreaterThan(0);
  });

  it('accepts and refuses exactly what class-validator does on 1,000 generated payloads of each command type', async () => {
    const verdicts: Verdicts = { compared: 0, accepted: 0, throws: 0, mismatches: [] };
    const acceptedByType: Record<string, number> = {};
    for (const definition of definitions) {
      const before = verdicts.accepted;
      for (const input of fc.sample(mutate(examplePayload(definition)), { numRuns: 1000, seed: 2022 })) await judge(definition.payload, input, verdicts);
      acceptedByType[definition.type] = verdicts.accepted - before;
    }
    expect(verdicts.mismatches).toEqual([]);
    expect(verdicts.compared).toBe(1000 * definitions.length);
    // Both sides of the line are exercised for every type: some accepted, most refused.
    for (const [type, accepted] of Object.entries(acceptedByType)) {
      expect({ type, someAccepted: accepted > 0, someRefused: accepted < 1000 }).toEqual({ type, someAccepted: true, someRefused: true });
    }
  });

  it('fails loudly at compile time on rules it does not support', () => {
    @ValidatorConstraint({ name: 'remoteCheck', async: true })
    class RemoteCheck implements ValidatorConstraintInterface {
      validate(): Promise<boolean> {
        return Promise.resolve(true);
      }
    }
    class WithAsync {
      @Validate(RemoteCheck)
      code!: string;
    }
    class WithGroups {
      @IsString({ groups: ['draft'] })
      name!: string;
    }
    class WithPromise {
      @ValidatePromise()
      @IsString()
      later!: Promise<string>;
    }
    const compiler = new CompiledValidation();
    expect(() => compiler.validatorFor(WithAsync)).toThrow(UnsupportedValidationError);
    expect(() => compiler.validatorFor(WithGroups)).toThrow(/WithGroups\.name: groups/);
    expect(() => compiler.validatorFor(WithPromise)).toThrow(/WithPromise\.later: validation type/);
    expect(() => compiler.compileAll()).toThrow(UnsupportedValidationError);
  });

  it('refuses an object of a class without rules, and a nested plain object, as forbidUnknownValues does', async () => {
    class Bare {
      name?: string;
    }
    expect(compiledValidation.accepts(plainToInstance(Bare, { name: 'x' }))).toBe(false);
    expect((await validate(plainToInstance(Bare, { name: 'x' }), OPTIONS)).length).toBeGreaterThan(0);
  });
});

import Ajv, { type SchemaObject } from 'ajv';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';

/**
 * class-validator DTOs stay the only declaration of what a body may hold; this compiles each DTO's
 * metadata once into an ajv validator, so that a request does not pay class-validator's metadata
 * lookups (a filter over every class's rules on each validate()) and error objects when it is valid.
 *
 * The compiled validator only says yes or no, with the options the product always uses (whitelist,
 * forbidNonWhitelisted, forbidUnknownValues, no groups). A refusal is then handed to class-validator
 * itself, which writes the error messages; so what a client sees on a refusal is unchanged, and an
 * accept can only be given where class-validator would give it (test/recording/compiled-validation
 * .unit.spec.ts compares both on a generated corpus).
 *
 * The schema is JSON Schema for the structure (object, known properties, required, no others) and
 * calls each decorator's own constraint (the very function class-validator calls) for the values, so
 * both judge a value by the same code. isString and isIn are plain JSON Schema (`type`, `enum`).
 * Anything this compiler does not know — async constraints, groups, `always`, promise validation —
 * throws when the DTO is compiled (at start-up), never passes silently.
 */

type Check = (value: unknown, object: Record<string, unknown>) => boolean;
type Validator = (data: unknown) => boolean;
/** A DTO class (class-validator keys its rules by constructor). */
type Target = abstract new (...args: never[]) => unknown;

interface Metadata {
  type: string;
  name?: string;
  target: unknown;
  propertyName: string;
  constraintCls: new (...args: unknown[]) => unknown;
  constraints: unknown[];
  groups?: string[];
  always?: boolean;
  each: boolean;
}

interface ConstraintMetadata {
  async: boolean;
  instance: { validate(value: unknown, args: ValidationArguments): unknown };
}

interface Storage {
  getTargetValidationMetadatas(target: Target, schema: string, always: boolean, strictGroups: boolean, groups?: string[]): Metadata[];
  getTargetValidatorConstraints(target: Target): ConstraintMetadata[];
}

export class UnsupportedValidationError extends Error {}

const KNOWN_TYPES = new Set([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.IS_DEFINED,
  ValidationTypes.WHITELIST,
]);

export class CompiledValidation {
  private readonly ajv = new Ajv({ allErrors: false, strictTypes: false, strictTuples: false, strictRequired: false, code: { optimize: true } });
  private readonly checks: Check[] = [];
  private readonly compiled = new Map<Target, Validator>();
  private readonly storage = getMetadataStorage() as unknown as Storage;

  constructor() {
    this.ajv.addKeyword({
      keyword: 'lsCheck',
      schemaType: 'number',
      errors: false,
      validate: (id: number, data: unknown, _schema?: unknown, context?: { parentData?: unknown }) =>
        this.checks[id](data, (context?.parentData ?? {}) as Record<string, unknown>),
    });
  }

  /** True when class-validator (with the product's options) would find no error on this instance. */
  accepts(instance: object): boolean {
    return this.validatorFor(instance.constructor as Target)(instance) === true;
  }

  /** Compiles every class that has class-validator metadata (start-up: throws on what it does not support). */
  compileAll(): number {
    const targets = (this.storage as unknown as { validationMetadatas: Map<unknown, unknown> }).validationMetadatas;
    let count = 0;
    for (const target of targets.keys()) {
      if (typeof target !== 'function') throw new UnsupportedValidationError(`validation schema ${String(target)}: schema-based rules are not supported`);
      this.validatorFor(target as Target);
      count++;
    }
    return count;
  }

  validatorFor(target: Target): Validator {
    const known = this.compiled.get(target);
    if (known) return known;
    const validator = this.compile(target);
    this.compiled.set(target, validator);
    return validator;
  }

  private compile(target: Target): Validator {
    const metadatas = this.storage.getTargetValidationMetadatas(target, '', false, false);
    // forbidUnknownValues: an object of a class without rules is always refused.
    if (metadatas.length === 0) return () => false;
    const byProperty = new Map<string, Metadata[]>();
    for (const metadata of metadatas) {
      const where = `${target.name}.${metadata.propertyName}`;
      if (!KNOWN_TYPES.has(metadata.type)) throw new UnsupportedValidationError(`${where}: validation type ${metadata.type} is not supported`);
      if (metadata.groups?.length || metadata.always) throw new UnsupportedValidationError(`${where}: groups and "always" are not supported`);
      byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
    }
    const properties: Record<string, SchemaObject> = {};
    const required: string[] = [];
    for (const [property, rules] of byProperty) {
      const { schema, check } = this.property(target, property, rules);
      properties[property] = schema;
      // class-validator judges a missing property too: it is required unless its rules accept undefined.
      if (!check(undefined, {})) required.push(property);
    }
    return this.ajv.compile({ type: 'object', properties, required, additionalProperties: false });
  }

  private property(target: Target, property: string, rules: Metadata[]): { schema: SchemaObject; check: Check } {
    const defined = rules.filter((r) => r.type === ValidationTypes.IS_DEFINED).map((r) => this.custom(target, r));
    const conditions = rules
      .filter((r) => r.type === ValidationTypes.CONDITIONAL_VALIDATION)
      .map((r) => r.constraints[0] as (object: unknown, value: unknown) => boolean);
    const customRules = rules.filter((r) => r.type === ValidationTypes.CUSTOM_VALIDATION);
    const nested = rules.some((r) => r.type === ValidationTypes.NESTED_VALIDATION);
    const customs = customRules.map((r) => this.custom(target, r));
    const nestedOk = (value: unknown): boolean => {
      if (value === undefined) return true;
      if (Array.isArray(value)) return value.every(nestedOk);
      if (value instanceof Object) return this.validatorFor(value.constructor as Target)(value) === true;
      return false;
    };
    // Exactly class-validator's order: a false condition (IsOptional on a missing value) skips
    // everything, then IsDefined, every constraint, and the nested object(s).
    const check: Check = (value, object) => {
      for (const c of conditions) if (!c(object, value)) return true;
      for (const d of defined) if (!d(value, object)) return false;
      for (const r of customs) if (!r(value, object)) return false;
      return !nested || nestedOk(value);
    };
    if (defined.length > 0 || conditions.length > 0) return { schema: { lsCheck: this.register(check) }, check };
    // No condition: the rules that are plain JSON Schema are written as such, the others checked.
    const schema: SchemaObject = {};
    const rest: Check[] = [];
    customRules.forEach((rule, k) => {
      const values = rule.constraints?.[0];
      if (!rule.each && rule.name === 'isString' && schema.type === undefined) schema.type = 'string';
      else if (!rule.each && rule.name === 'isIn' && Array.isArray(values) && values.every((v) => typeof v === 'string') && !schema.enum) schema.enum = values;
      else rest.push(customs[k]);
    });
    if (rest.length > 0 || nested) {
      schema.lsCheck = this.register((value, object) => {
        for (const r of rest) if (!r(value, object)) return false;
        return !nested || nestedOk(value);
      });
    }
    return { schema, check };
  }

  private custom(target: Target, rule: Metadata): Check {
    const constraints = this.storage.getTargetValidatorConstraints(rule.constraintCls);
    const where = `${target.name}.${rule.propertyName}`;
    if (constraints.length === 0) throw new UnsupportedValidationError(`${where}: constraint ${rule.name ?? rule.constraintCls.name} has no validator`);
    if (constraints.some((c) => c.async)) throw new UnsupportedValidationError(`${where}: async constraint ${rule.name ?? ''} is not supported`);
    const checkOne = (value: unknown, object: Record<string, unknown>): boolean =>
      constraints.every((constraint) => {
        const result = constraint.instance.validate(value, {
          targetName: target.name,
          property: rule.propertyName,
          object,
          value,
          constraints: rule.constraints,
        });
        if (result instanceof Promise) throw new UnsupportedValidationError(`${where}: constraint ${rule.name ?? ''} answered asynchronously`);
        return Boolean(result);
      });
    if (!rule.each) return checkOne;
    return (value, object) => {
      if (Array.isArray(value)) return value.every((item) => checkOne(item, object));
      if (value instanceof Set || value instanceof Map) return [...value.values()].every((item) => checkOne(item, object));
      return checkOne(value, object);
    };
  }

  private register(check: Check): number {
    this.checks.push(check);
    return this.checks.length - 1;
  }
}

/** The process's compiled validators (one per DTO class, compiled on first use or by compileAll). */
export const compiledValidation = new CompiledValidation();

import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { hasAtMostDecimals, QuantityField } from './field-rules';

class Quantity {
  @QuantityField(1.5)
  quantity!: number;
}

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;
const messages = async (quantity: unknown) =>
  (await validate(plainToInstance(Quantity, { quantity }), OPTIONS)).flatMap((e) => Object.values(e.constraints ?? {}));

describe('QuantityField decimals', () => {
  it('counts decimals in plain and exponent form', () => {
    expect([1, 0.5, 1.123456, 123456.654321, 1e-6, 2.5e-5].map((v) => hasAtMostDecimals(v, 6))).toEqual([true, true, true, true, true, true]);
    expect([1.1234567, 1e-7, 1.5e-7, 3e-300].map((v) => hasAtMostDecimals(v, 6))).toEqual([false, false, false, false]);
    expect([Number.NaN, Infinity, '1'].map((v) => hasAtMostDecimals(v, 6))).toEqual([false, false, false]);
  });

  // class-validator's IsNumber({ maxDecimalPlaces }) threw a TypeError on 1e-7 (answered 500).
  it('refuses 1e-7 with a message instead of throwing', async () => {
    await expect(messages(1e-7)).resolves.toEqual(['quantity must have at most 6 decimal places']);
    await expect(messages(1.1234567)).resolves.toEqual(['quantity must have at most 6 decimal places']);
    await expect(messages(2.5)).resolves.toEqual([]);
  });
});

import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { compareMoney, fromPaisa, IsMoney, parseMoney, toPaisa } from './money.js';

describe('parseMoney', () => {
  it.each([
    [150, '150.00'],
    [150.5, '150.50'],
    [0.1, '0.10'],
    [99999999.99, '99999999.99'],
    ['150', '150.00'],
    ['150.5', '150.50'],
    ['150.05', '150.05'],
    [' 42.00 ', '42.00'],
    ['007.10', '7.10'],
    ['0', '0.00'],
  ])('%j → %j', (input, expected) => {
    expect(parseMoney(input)).toBe(expected);
  });

  it.each([
    ['1.234', 'three decimals'],
    [1.234, 'three decimals as a number'],
    ['-5', 'negative'],
    [-5, 'negative number'],
    ['1e3', 'exponent'],
    [1e21, 'a number JavaScript prints with an exponent'],
    ['150.', 'trailing dot'],
    ['.5', 'no whole part'],
    ['1,000', 'thousands separator'],
    ['123456789', 'more than 8 whole digits'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    ['', 'empty'],
    [null, 'null'],
    [true, 'boolean'],
    [{ amount: 1 }, 'object'],
  ] as Array<[unknown, string]>)('refuses %j (%s)', (input) => {
    expect(parseMoney(input)).toBeUndefined();
  });

  it('keeps the exact decimal a float would round', () => {
    // 0.1 + 0.2 is 0.30000000000000004 as a float; as money text it stays exact.
    expect(fromPaisa(toPaisa(parseMoney('0.10')!) + toPaisa(parseMoney('0.20')!))).toBe('0.30');
  });
});

describe('paisa arithmetic', () => {
  it('converts both ways without loss', () => {
    for (const amount of ['0.00', '0.01', '0.99', '1.00', '150.05', '99999999.99']) {
      expect(fromPaisa(toPaisa(amount))).toBe(amount);
    }
    expect(toPaisa('150.05')).toBe(15005n);
    expect(toPaisa('7.5')).toBe(750n);
    expect(fromPaisa(-1050n)).toBe('-10.50');
  });

  it('compares like a comparator', () => {
    expect(compareMoney('10.00', '9.99')).toBe(1);
    expect(compareMoney('9.99', '10.00')).toBe(-1);
    expect(compareMoney('10.00', '10.00')).toBe(0);
    expect(compareMoney('100.00', '99.00')).toBe(1); // not a string comparison
  });
});

describe('@IsMoney()', () => {
  class Body {
    @IsMoney({ min: '10.00', max: '500.00' })
    amount: unknown;
  }
  const check = (amount: unknown) => {
    const body = plainToInstance(Body, { amount });
    return { amount: body.amount, errors: validateSync(body) };
  };

  it('accepts numbers and strings within the bounds, as the canonical string', () => {
    expect(check(150)).toEqual({ amount: '150.00', errors: [] });
    expect(check('10')).toEqual({ amount: '10.00', errors: [] });
    expect(check('500.00')).toEqual({ amount: '500.00', errors: [] });
  });

  it('refuses amounts outside the bounds or with more than two decimals', () => {
    for (const amount of ['9.99', 500.01, '20.001', 'abc', null]) {
      const { errors } = check(amount);
      expect(errors).toHaveLength(1);
      expect(Object.values(errors[0].constraints ?? {})[0]).toBe(
        'Enter an amount from 10.00 to 500.00 with at most two decimal places.',
      );
    }
  });

  it('refuses zero by default', () => {
    class Default {
      @IsMoney()
      amount: unknown;
    }
    expect(validateSync(plainToInstance(Default, { amount: 0 }))).toHaveLength(1);
    expect(validateSync(plainToInstance(Default, { amount: '0.01' }))).toHaveLength(0);
  });
});

import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BD_MOBILE, IsBdPhone, normalizeBdPhone } from './phone.js';

describe('normalizeBdPhone', () => {
  it.each([
    ['01712345678', '01712345678'],
    ['+8801712345678', '01712345678'],
    ['8801712345678', '01712345678'],
    ['008801712345678', '01712345678'],
    [' +880 1712-345678 ', '01712345678'],
    ['(+880) 17.1234.5678', '01712345678'],
    ['01312345678', '01312345678'],
    ['01912345678', '01912345678'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeBdPhone(input)).toBe(expected);
  });

  it.each([
    ['01212345678', 'operator digit 2 does not exist'],
    ['01112345678', 'operator digit 1 does not exist'],
    ['0171234567', 'one digit short'],
    ['017123456789', 'one digit long'],
    ['+4407912345678', 'another country'],
    ['880171234567', '880 with a short number'],
    ['1712345678', 'no leading 0'],
    ['0171234567a', 'a letter'],
    ['', 'empty'],
    ['+', 'only a plus'],
  ])('refuses %j (%s)', (input) => {
    expect(normalizeBdPhone(input)).toBeUndefined();
  });

  it('refuses anything that is not a string', () => {
    for (const value of [1712345678, null, undefined, {}, ['01712345678'], true]) {
      expect(normalizeBdPhone(value)).toBeUndefined();
    }
  });

  it('only ever returns the stored form', () => {
    for (const input of ['+8801812345678', '8801512345678', '01612345678']) {
      expect(normalizeBdPhone(input)).toMatch(BD_MOBILE);
    }
  });
});

describe('@IsBdPhone()', () => {
  class Body {
    @IsBdPhone()
    phone: string;
  }
  const check = (phone: unknown) => {
    const body = plainToInstance(Body, { phone });
    return { body, errors: validateSync(body) };
  };

  it('normalises a valid number on the way in', () => {
    const { body, errors } = check('+8801712345678');
    expect(errors).toEqual([]);
    expect(body.phone).toBe('01712345678');
  });

  it('keeps an invalid value as sent and reports it', () => {
    const { body, errors } = check('12345');
    expect(body.phone).toBe('12345');
    expect(errors).toHaveLength(1);
    expect(Object.values(errors[0].constraints ?? {})).toEqual(['Enter a valid Bangladeshi mobile number (01XXXXXXXXX).']);
  });

  it('refuses a number given as a JSON number', () => {
    expect(check(1712345678).errors).toHaveLength(1);
  });
});

import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  ValidateNested,
  type ValidationError,
} from 'class-validator';
import { FieldValidationException } from './api-errors.js';
import { createValidationPipe, nestingDepth, toFieldErrors } from './validation.js';

class Location {
  @IsNumber()
  @Min(-90)
  @Max(90)
  latitude: number;
}

class Body {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(3, { message: 'Too short.' })
  title: string;

  @IsInt({ message: 'A valid integer is required.' })
  @Min(1, { message: 'Must be at least 1.' })
  count: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => Location)
  location?: Location;
}

/** The DRF field map the pipe answers with, or undefined when the body passed. */
async function fieldErrors(value: unknown): Promise<Record<string, string[]> | undefined> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Body });
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(FieldValidationException);
    expect(err).toBeInstanceOf(BadRequestException);
    return (err as FieldValidationException).fieldErrors;
  }
}

describe('toFieldErrors', () => {
  const error = (property: string, value: unknown, constraints: Record<string, string>, children: ValidationError[] = []) =>
    ({ property, value, constraints, children }) as ValidationError;

  it('reads a missing value as "required" and null as "may not be null"', () => {
    expect(
      toFieldErrors([
        error('a', undefined, { isString: 'a must be a string' }),
        error('b', null, { isInt: 'b must be an integer' }),
      ]),
    ).toEqual({ a: ['This field is required.'], b: ['This field may not be null.'] });
  });

  it('reads a whitelist error as "not allowed", whatever else it says', () => {
    expect(toFieldErrors([error('is_staff', true, { whitelistValidation: 'property is_staff should not exist' })])).toEqual({
      is_staff: ['This field is not allowed.'],
    });
  });

  it('keeps every distinct message of a field once', () => {
    expect(toFieldErrors([error('code', 'x', { a: 'Bad.', b: 'Bad.', c: 'Worse.' })])).toEqual({ code: ['Bad.', 'Worse.'] });
  });

  it('keys nested errors by their dotted path', () => {
    const nested = error('location', {}, {}, [error('latitude', 200, { max: 'Too far north.' })]);
    expect(toFieldErrors([nested])).toEqual({ 'location.latitude': ['Too far north.'] });
  });
});

describe('the global validation pipe', () => {
  it('passes a valid body, transformed', async () => {
    const body = await createValidationPipe().transform({ title: '  Hello  ', count: 2 }, { type: 'body', metatype: Body });
    expect(body).toBeInstanceOf(Body);
    expect(body).toEqual({ title: 'Hello', count: 2 });
  });

  it('answers in the DRF shape, one key per field, all fields at once', async () => {
    expect(await fieldErrors({ title: 'x', count: 0, location: { latitude: 100 } })).toEqual({
      title: ['Too short.'],
      count: ['Must be at least 1.'],
      'location.latitude': ['latitude must not be greater than 90'],
    });
    expect(await fieldErrors({})).toEqual({ title: ['This field is required.'], count: ['This field is required.'] });
  });

  it('refuses unknown fields, also nested ones', async () => {
    expect(await fieldErrors({ title: 'Hello', count: 1, role: 'admin' })).toEqual({ role: ['This field is not allowed.'] });
    expect(await fieldErrors({ title: 'Hello', count: 1, location: { latitude: 1, secret: true } })).toEqual({
      'location.secret': ['This field is not allowed.'],
    });
  });

  it('does not convert types implicitly: "5" is not an integer', async () => {
    expect(await fieldErrors({ title: 'Hello', count: '5' })).toEqual({
      count: expect.arrayContaining(['A valid integer is required.']),
    });
  });

  it('answers input class-transformer cannot map with 400, not 500', async () => {
    // class-transformer throws a TypeError for some shapes (an array where a nested object is
    // declared, in the app's DTOs); a transform that throws stands in for it here.
    class Fragile {
      @Transform(({ value }) => {
        if (Array.isArray(value)) throw new TypeError('newValue.push is not a function');
        return value;
      })
      @IsOptional()
      @IsString()
      name?: string;
    }
    const pipe = createValidationPipe();
    await expect(pipe.transform({ name: ['x'] }, { type: 'body', metatype: Fragile })).rejects.toMatchObject({
      fieldErrors: { non_field_errors: ['The input does not have the expected shape.'] },
    });
    expect(await pipe.transform({ name: 'x' }, { type: 'body', metatype: Fragile })).toEqual({ name: 'x' });
  });

  it('gives an empty query its defaults every time, and refuses it every time where a parameter is required', async () => {
    class Paged {
      @IsOptional()
      @IsInt()
      page: number = 1;
    }
    class Searched {
      @IsString()
      q: string;
    }
    const pipe = createValidationPipe();
    for (let i = 0; i < 2; i++) {
      const query = await pipe.transform(Object.create(null), { type: 'query', metatype: Paged });
      expect(query).toBeInstanceOf(Paged);
      expect(query).toEqual({ page: 1 });
      await expect(pipe.transform({}, { type: 'query', metatype: Searched })).rejects.toMatchObject({
        fieldErrors: { q: ['This field is required.'] },
      });
    }
    // A non-empty query is still validated in full.
    await expect(pipe.transform({ page: 'x' }, { type: 'query', metatype: Paged })).rejects.toBeInstanceOf(
      FieldValidationException,
    );
  });

  it('hands back at once what it has nothing to check, as ValidationPipe returns it', async () => {
    const pipe = createValidationPipe();
    const reference = new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true });
    const caller = { id: 'caller', role: 'citizen' };
    const cases = [
      { value: caller, metadata: { type: 'custom' as const, metatype: Object } },
      { value: '8f14e45f-ea6e-4f5e-9f4e-1c1e0c9f2a11', metadata: { type: 'param' as const, metatype: String, data: 'id' } },
      { value: 'প্রক্রিয়াধীন', metadata: { type: 'query' as const, metatype: String, data: 'status' } },
    ];
    for (const { value, metadata } of cases) {
      const direct = pipe.transform(value, metadata);
      expect(direct).not.toBeInstanceOf(Promise);
      expect(direct).toBe(await reference.transform(value, metadata));
    }
    // Anything else is still validated.
    expect(pipe.transform({ title: 'Hello', count: 1 }, { type: 'body', metatype: Body })).toBeInstanceOf(Promise);
    expect(await fieldErrors({ title: 'Hi', count: 1 })).toEqual({ title: ['Too short.'] });
  });

  it('refuses absurd nesting before walking it', async () => {
    let deep: unknown = [];
    for (let i = 0; i < 5_000; i++) deep = [deep];
    expect(await fieldErrors(deep)).toEqual({ non_field_errors: ['The input is nested too deeply.'] });
    expect(await fieldErrors({ title: 'Hello', count: 1, location: { latitude: deep } })).toEqual({
      non_field_errors: ['The input is nested too deeply.'],
    });
  });
});

describe('nestingDepth', () => {
  it('counts arrays and objects, not scalars', () => {
    expect([nestingDepth(1), nestingDepth('x'), nestingDepth(null)]).toEqual([0, 0, 0]);
    expect([nestingDepth({}), nestingDepth({ a: [1, { b: 2 }] }), nestingDepth([[[]]])]).toEqual([1, 3, 3]);
  });

  it('treats class instances as leaves and survives cycles', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = { back: cyclic };
    expect(nestingDepth(cyclic)).toBe(2);
    expect(nestingDepth({ at: new Date(), re: /x/, map: new Map([[1, { a: 1 }]]) })).toBe(1);
  });

  it('stops counting past the limit', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(nestingDepth(deep, 10)).toBe(11);
  });
});

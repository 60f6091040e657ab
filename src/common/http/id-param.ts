import { NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';

/**
 * A UUID path parameter. Anything else is a 404 (the record cannot exist),
 * never a 400 or a 500 from the database.
 */
export const IdParam = (name = 'id'): ParameterDecorator =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException({ detail: 'Not found.' }) }));

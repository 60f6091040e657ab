import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { AppModule } from './app.module.js';
import { ROLES, type Role } from './common/auth/roles.js';
import { FieldValidationException } from './common/http/api-errors.js';
import { toFieldErrors } from './common/http/validation.js';
import { prepareDatabase } from './database/migrate.js';
import { RegisterDto } from './modules/auth/dto/auth.dto.js';
import { UsersService } from './modules/users/users.service.js';

const USAGE = `Clean Care admin commands

  node dist/cli.js create-user --role admin|staff|citizen --phone 01XXXXXXXXX --name "Name" --password "secret" [--email a@b.c]
  node dist/cli.js migrate
`;

async function createUser(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string', default: 'citizen' },
      phone: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      email: { type: 'string' },
    },
    strict: true,
  });
  if (!ROLES.includes(values.role as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  // The same rules as registration: phone format, password strength.
  const dto = plainToInstance(RegisterDto, {
    phone: values.phone,
    name: values.name,
    password: values.password,
    email: values.email,
  });
  const errors = await validate(dto, { whitelist: true });
  if (errors.length) throw new Error(formatErrors(toFieldErrors(errors)));

  await prepareDatabase();
  const app = await NestFactory.createApplicationContext(AppModule.register({ worker: false }), { logger: ['error'] });
  try {
    const user = await app.get(UsersService).create({ ...dto, role: values.role as Role });
    console.log(`created ${user.role} ${user.name} (${user.phone}) id=${user.id}`);
  } catch (err) {
    if (err instanceof FieldValidationException) throw new Error(formatErrors(err.fieldErrors), { cause: err });
    throw err;
  } finally {
    await app.close();
  }
}

function formatErrors(errors: Record<string, string[]>): string {
  return Object.entries(errors)
    .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
    .join('\n');
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'create-user':
      return createUser(rest);
    case 'migrate':
      return prepareDatabase({ ...process.env, MIGRATIONS_RUN: 'true' });
    default:
      process.stdout.write(USAGE);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});

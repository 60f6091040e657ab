import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators.js';
import type { ChoiceSet } from '../../common/choices.js';
import { CHOICE_SETS } from './choice-sets.js';

@ApiTags('meta')
@Controller('meta')
export class MetaController {
  /** Every choice set as {value, label_bn, label_en}, keyed by field (complaint_category, payment_method, …). */
  @Public()
  @Get('choices')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOkResponse({
    schema: {
      type: 'object',
      additionalProperties: {
        type: 'array',
        items: {
          type: 'object',
          required: ['value', 'label_bn', 'label_en'],
          properties: { value: { type: 'string' }, label_bn: { type: 'string' }, label_en: { type: 'string' } },
        },
      },
    },
  })
  getChoices(): Record<string, ChoiceSet> {
    return CHOICE_SETS;
  }
}

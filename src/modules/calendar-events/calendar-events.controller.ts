import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public, Roles } from '../../common/auth/decorators.js';
import { IdParam } from '../../common/http/id-param.js';
import { ApiPage } from '../../common/pagination/api-page.decorator.js';
import type { Page } from '../../common/pagination/pagination.js';
import { CalendarEventsService } from './calendar-events.service.js';
import { CreateCalendarEventDto, UpdateCalendarEventDto } from './dto/calendar-events.dto.js';
import { CalendarEventQuery } from './dto/calendar-events.query.js';
import { CalendarEventResponse } from './dto/calendar-events.response.js';

@ApiTags('calendar-events')
@Controller('calendar-events')
export class CalendarEventsController {
  constructor(private readonly events: CalendarEventsService) {}

  /**
   * Events overlapping `from`–`to` (Dhaka days, inclusive) or a Dhaka `month`,
   * ordered by start; without a range, those not ended yet. `ward` also
   * returns city-wide events.
   */
  @Public()
  @Get()
  @ApiPage(CalendarEventResponse)
  listCalendarEvents(@Req() req: FastifyRequest, @Query() query: CalendarEventQuery): Promise<Page<CalendarEventResponse>> {
    return this.events.list(req, query);
  }

  @Public()
  @Get(':id')
  getCalendarEvent(@IdParam() id: string): Promise<CalendarEventResponse> {
    return this.events.get(id);
  }

  @Roles('admin')
  @Post()
  createCalendarEvent(@CurrentUser() user: AuthUser, @Body() dto: CreateCalendarEventDto): Promise<CalendarEventResponse> {
    return this.events.create(user, dto);
  }

  @Roles('admin')
  @Patch(':id')
  updateCalendarEvent(
    @CurrentUser() actor: AuthUser,
    @IdParam() id: string,
    @Body() dto: UpdateCalendarEventDto,
  ): Promise<CalendarEventResponse> {
    return this.events.update(actor, id, dto);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  deleteCalendarEvent(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    return this.events.remove(actor, id);
  }
}

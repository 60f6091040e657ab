import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GeographyModule } from '../geography/geography.module.js';
import { CalendarEvent } from './calendar-event.entity.js';
import { CalendarEventsController } from './calendar-events.controller.js';
import { CalendarEventsService } from './calendar-events.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([CalendarEvent]), GeographyModule],
  controllers: [CalendarEventsController],
  providers: [CalendarEventsService],
  exports: [CalendarEventsService],
})
export class CalendarEventsModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GeographyModule } from '../geography/geography.module.js';
import { CollectionPoint } from './collection-point.entity.js';
import { CollectionPointsService } from './collection-points.service.js';
import { PickupRequest } from './pickup-request.entity.js';
import { PickupRequestsService } from './pickup-requests.service.js';
import { WasteGuideline } from './waste-guideline.entity.js';
import { WasteGuidelinesService } from './waste-guidelines.service.js';
import {
  CollectionPointsController,
  PickupRequestsController,
  WasteGuidelinesController,
  WasteSchedulesController,
} from './waste-management.controller.js';
import { WasteSchedule } from './waste-schedule.entity.js';
import { WasteSchedulesService } from './waste-schedules.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([WasteSchedule, CollectionPoint, PickupRequest, WasteGuideline]), GeographyModule],
  controllers: [WasteSchedulesController, CollectionPointsController, PickupRequestsController, WasteGuidelinesController],
  providers: [WasteSchedulesService, CollectionPointsService, PickupRequestsService, WasteGuidelinesService],
})
export class WasteManagementModule {}

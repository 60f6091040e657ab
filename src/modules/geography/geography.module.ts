import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CityCorporation } from './city-corporation.entity.js';
import { CityCorporationsController, WardsController, ZonesController } from './geography.controllers.js';
import { GeographyService } from './geography.service.js';
import { Ward } from './ward.entity.js';
import { Zone } from './zone.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([CityCorporation, Zone, Ward])],
  controllers: [CityCorporationsController, ZonesController, WardsController],
  providers: [GeographyService],
  exports: [GeographyService],
})
export class GeographyModule {}

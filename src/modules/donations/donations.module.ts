import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PaymentsModule } from '../payments/payments.module.js';
import { User } from '../users/user.entity.js';
import { DonationCampaign } from './donation-campaign.entity.js';
import { Donation } from './donation.entity.js';
import { DonationsController } from './donations.controller.js';
import { DonationsPaymentListener } from './donations.listener.js';
import { DonationsService } from './donations.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([DonationCampaign, Donation, User]), PaymentsModule],
  controllers: [DonationsController],
  providers: [DonationsService, DonationsPaymentListener],
})
export class DonationsModule {}

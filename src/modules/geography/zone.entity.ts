import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { CityCorporation } from './city-corporation.entity.js';

/** An administrative zone of a city corporation. */
@Entity('zones')
@Unique('uq_zones_city_number', ['cityCorporationId', 'number'])
export class Zone {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_zones_city_corporation')
  @Column({ type: 'uuid' })
  cityCorporationId: string;

  @ManyToOne(() => CityCorporation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'city_corporation_id' })
  cityCorporation?: Relation<CityCorporation>;

  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Column({ type: 'varchar', length: 150 })
  nameBn: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

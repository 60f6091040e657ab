import { render } from '../notifications/templates.js';
import { PICKUP_STATUSES, PICKUP_TRANSITIONS } from './waste.choices.js';

describe('waste-management rules', () => {
  it('defines a pickup flow over known statuses that ends in completed or cancelled', () => {
    const statuses = PICKUP_STATUSES.map((s) => s.value);
    expect(Object.keys(PICKUP_TRANSITIONS).sort()).toEqual([...statuses].sort());
    for (const next of Object.values(PICKUP_TRANSITIONS)) for (const s of next) expect(statuses).toContain(s);
    expect(PICKUP_TRANSITIONS.completed).toEqual([]);
    expect(PICKUP_TRANSITIONS.cancelled).toEqual([]);
    expect(PICKUP_TRANSITIONS.pending).not.toContain('completed');
  });

  it('words a schedule change with weekday names in order, in both languages', () => {
    const change = {
      change: 'updated' as const,
      wasteTypes: ['organic'],
      weekdays: [3, 0],
      startTime: '06:00',
      endTime: '08:00',
    };
    expect(render('wasteScheduleChanged', 'bn', change).body).toContain('রবিবার, বুধবার 06:00–08:00 (জৈব (পচনশীল) বর্জ্য)');
    expect(render('wasteScheduleChanged', 'en', change).body).toBe(
      "Your ward's schedule is now: Sunday, Wednesday 06:00–08:00 (Organic waste).",
    );
  });
});

import { renderDonationReceipt } from './donation-receipt.js';

describe('renderDonationReceipt', () => {
  const base = {
    receiptNumber: 'CCD20261125000042',
    donorName: 'Rahim Uddin',
    donorPhone: '01712345678',
    campaignTitle: 'Clean canals',
    amount: '10000.01',
    paymentMethod: 'bkash',
    transactionId: 'TRX123',
    completedAt: new Date('2026-11-25T08:30:00Z'),
  };

  it('renders a PDF', async () => {
    const pdf = await renderDonationReceipt(base);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(500);
  });

  it('renders Bengali-only titles and names without failing (the built-in font cannot show them)', async () => {
    const pdf = await renderDonationReceipt({
      ...base,
      donorName: 'রহিম উদ্দিন',
      campaignTitle: 'খাল পরিষ্কার',
      transactionId: null,
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

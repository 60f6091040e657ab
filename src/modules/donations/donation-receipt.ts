import { toIso } from '../../common/time/dhaka-time.js';

export interface ReceiptData {
  receiptNumber: string;
  donorName: string;
  donorPhone: string;
  campaignTitle: string;
  amount: string;
  paymentMethod: string;
  transactionId: string | null;
  completedAt: Date;
}

/**
 * Text the PDF's built-in font (Helvetica, WinAnsi) can show. Bengali needs
 * an embedded Bengali font, which the project does not ship yet: the Latin
 * part of a text is kept, and a text with none is replaced by a note, so the
 * receipt never shows garbled glyphs.
 */
export function printable(text: string): string {
  const latin = text
    .replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return latin || '(shown in Bengali in the app)';
}

/** A one-page A5 receipt for a completed donation. */
export async function renderDonationReceipt(data: ReceiptData): Promise<Buffer> {
  // Loaded on the first receipt, not at start.
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A5',
      margin: 40,
      info: { Title: `Donation receipt ${data.receiptNumber}`, Author: 'Clean Care' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    doc.font('Helvetica-Bold').fontSize(18).text('Clean Care', { align: 'center' });
    doc.font('Helvetica').fontSize(12).text('Donation receipt', { align: 'center' }).moveDown(1.5);
    const rows: Array<[string, string]> = [
      ['Receipt number', data.receiptNumber],
      ['Date', toIso(data.completedAt).slice(0, 16).replace('T', ' ') + ' (Dhaka)'],
      ['Donor', printable(data.donorName)],
      ['Phone', data.donorPhone],
      ['Campaign', printable(data.campaignTitle)],
      ['Amount', `BDT ${data.amount}`],
      ['Paid with', data.paymentMethod],
      ['Transaction id', data.transactionId ?? '-'],
    ];
    for (const [label, value] of rows) {
      doc.font('Helvetica-Bold').fontSize(10).text(`${label}: `, { continued: true }).font('Helvetica').text(value);
      doc.moveDown(0.4);
    }
    doc
      .moveDown(1.5)
      .fontSize(9)
      .fillColor('#555')
      .text('Thank you for supporting your city. This receipt was issued electronically and needs no signature.', {
        align: 'center',
      });
    doc.end();
  });
}

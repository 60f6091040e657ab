import type { Language } from '../users/user.entity.js';

/**
 * Every text a citizen receives by SMS, push or in-app notification, in both
 * languages, kept in one place. Bengali is the default; the seed's own
 * wording is used where it has one.
 */
type Template<P> = (params: P) => { title: string; body: string };

function bilingual<P>(bn: Template<P>, en: Template<P>): Record<Language, Template<P>> {
  return { bn, en };
}

export const TEMPLATES = {
  otpVerify: bilingual<{ code: string; minutes: number }>(
    ({ code, minutes }) => ({
      title: 'যাচাই কোড',
      body: `Clean Care: আপনার যাচাই কোড ${code}। কোডটি ${minutes} মিনিট বৈধ। কাউকে জানাবেন না।`,
    }),
    ({ code, minutes }) => ({
      title: 'Verification code',
      body: `Clean Care: your verification code is ${code}. It is valid for ${minutes} minutes. Do not share it.`,
    }),
  ),
  otpReset: bilingual<{ code: string; minutes: number }>(
    ({ code, minutes }) => ({
      title: 'পাসওয়ার্ড রিসেট কোড',
      body: `Clean Care: পাসওয়ার্ড রিসেট কোড ${code}। কোডটি ${minutes} মিনিট বৈধ। কাউকে জানাবেন না।`,
    }),
    ({ code, minutes }) => ({
      title: 'Password reset code',
      body: `Clean Care: your password reset code is ${code}. It is valid for ${minutes} minutes. Do not share it.`,
    }),
  ),
  urgentNotice: bilingual<{ title: string; excerpt: string }>(
    ({ title, excerpt }) => ({ title: `জরুরি নোটিশ: ${title}`, body: excerpt }),
    ({ title, excerpt }) => ({ title: `Urgent notice: ${title}`, body: excerpt }),
  ),
  /** The seed's process_payment_callback SMS: «আপনার পেমেন্ট {status} হয়েছে। পরিমাণ: {amount} টাকা», with the status's label. */
  paymentStatus: bilingual<{ statusBn: string; statusEn: string; amount: string }>(
    ({ statusBn, amount }) => ({
      title: `পেমেন্ট ${statusBn}`,
      body: `আপনার পেমেন্ট ${statusBn} হয়েছে। পরিমাণ: ${amount} টাকা`,
    }),
    ({ statusEn, amount }) => ({
      title: `Payment ${statusEn.toLowerCase()}`,
      body: `Your payment is ${statusEn.toLowerCase()}. Amount: ${amount} taka`,
    }),
  ),
  paymentRefunded: bilingual<{ amount: string }>(
    ({ amount }) => ({
      title: 'পেমেন্ট ফেরত',
      body: `আপনার পেমেন্টের ${amount} টাকা ফেরত দেওয়া হয়েছে।`,
    }),
    ({ amount }) => ({
      title: 'Payment refunded',
      body: `${amount} taka of your payment has been refunded.`,
    }),
  ),
  /** Sent for a completed donation above 10,000 taka. */
  donationThanks: bilingual<{ campaign: string; amount: string; receipt: string }>(
    ({ campaign, amount, receipt }) => ({
      title: 'অনুদানের জন্য ধন্যবাদ',
      body: `"${campaign}" তহবিলে আপনার ${amount} টাকা অনুদানের জন্য আন্তরিক ধন্যবাদ। রসিদ নম্বর: ${receipt}`,
    }),
    ({ campaign, amount, receipt }) => ({
      title: 'Thank you for your donation',
      body: `Thank you for donating ${amount} taka to "${campaign}". Receipt number: ${receipt}`,
    }),
  ),
  complaintStatusChanged: bilingual<{ trackingNumber: string; statusBn: string; statusEn: string; resolved: boolean }>(
    ({ trackingNumber, statusBn, resolved }) => ({
      title: 'অভিযোগের অবস্থা পরিবর্তন',
      body: `Clean Care: আপনার অভিযোগ ${trackingNumber} এর বর্তমান অবস্থা: ${statusBn}।${resolved ? ' অ্যাপে সেবার মূল্যায়ন দিন।' : ''}`,
    }),
    ({ trackingNumber, statusEn, resolved }) => ({
      title: 'Complaint status changed',
      body: `Clean Care: your complaint ${trackingNumber} is now ${statusEn}.${resolved ? ' Please rate the service in the app.' : ''}`,
    }),
  ),
  complaintAssigned: bilingual<{ trackingNumber: string; title: string }>(
    ({ trackingNumber, title }) => ({
      title: 'নতুন অভিযোগ বরাদ্দ',
      body: `অভিযোগ ${trackingNumber} («${title}») আপনাকে বরাদ্দ করা হয়েছে।`,
    }),
    ({ trackingNumber, title }) => ({
      title: 'Complaint assigned to you',
      body: `Complaint ${trackingNumber} ("${title}") has been assigned to you.`,
    }),
  ),
  /** A staff reply in a chat, pushed to the citizen's phone. */
  chatMessage: bilingual<{ sender: string; excerpt: string }>(
    ({ sender, excerpt }) => ({ title: `${sender} থেকে নতুন বার্তা`, body: excerpt || 'একটি ফাইল পাঠানো হয়েছে।' }),
    ({ sender, excerpt }) => ({ title: `New message from ${sender}`, body: excerpt || 'A file was sent.' }),
  ),
} as const;

export type TemplateName = keyof typeof TEMPLATES;

export function render<N extends TemplateName>(
  name: N,
  language: Language | undefined,
  params: Parameters<(typeof TEMPLATES)[N]['bn']>[0],
): { title: string; body: string } {
  const template = TEMPLATES[name][language ?? 'bn'] as Template<typeof params>;
  return template(params);
}

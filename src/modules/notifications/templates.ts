import { choiceLabel } from '../../common/choices.js';
import { REPORT_PERIODS } from '../dashboard/dashboard.choices.js';
import { EMERGENCY_TYPES } from '../emergency/emergency.choices.js';
import type { Language } from '../users/user.entity.js';
import { PICKUP_STATUSES, WASTE_TYPES, WEEKDAYS } from '../waste-management/waste.choices.js';

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
  // --- emergency ---------------------------------------------------------------------------------
  emergencyRequested: bilingual<{ type: string; location: string; description: string }>(
    ({ type, location, description }) => ({
      title: `জরুরি সাহায্যের অনুরোধ: ${choiceLabel(EMERGENCY_TYPES, type, 'bn')}`,
      body: `স্থান: ${location}। ${description}`,
    }),
    ({ type, location, description }) => ({
      title: `Emergency: ${choiceLabel(EMERGENCY_TYPES, type, 'en')}`,
      body: `Location: ${location}. ${description}`,
    }),
  ),
  emergencyAccepted: bilingual<{ type: string; responder: string }>(
    ({ type, responder }) => ({
      title: 'সাহায্য আসছে',
      body: `আপনার জরুরি অনুরোধ (${choiceLabel(EMERGENCY_TYPES, type, 'bn')}) গ্রহণ করা হয়েছে। ${responder} সাড়া দিচ্ছেন।`,
    }),
    ({ type, responder }) => ({
      title: 'Help is on the way',
      body: `Your emergency request (${choiceLabel(EMERGENCY_TYPES, type, 'en')}) was accepted. ${responder} is responding.`,
    }),
  ),
  emergencyResolved: bilingual<{ type: string }>(
    ({ type }) => ({
      title: 'জরুরি অনুরোধের সমাধান হয়েছে',
      body: `আপনার জরুরি অনুরোধ (${choiceLabel(EMERGENCY_TYPES, type, 'bn')}) সমাধান হয়েছে বলে চিহ্নিত করা হয়েছে।`,
    }),
    ({ type }) => ({
      title: 'Emergency request resolved',
      body: `Your emergency request (${choiceLabel(EMERGENCY_TYPES, type, 'en')}) has been marked resolved.`,
    }),
  ),
  emergencyCancelled: bilingual<{ type: string }>(
    ({ type }) => ({
      title: 'জরুরি অনুরোধ বাতিল',
      body: `আপনার জরুরি অনুরোধ (${choiceLabel(EMERGENCY_TYPES, type, 'bn')}) প্রশাসক বাতিল করেছেন।`,
    }),
    ({ type }) => ({
      title: 'Emergency request cancelled',
      body: `Your emergency request (${choiceLabel(EMERGENCY_TYPES, type, 'en')}) was cancelled by an administrator.`,
    }),
  ),
  emergencyEscalated: bilingual<{ type: string; location: string; minutes: number }>(
    ({ type, location, minutes }) => ({
      title: `সাড়া নেই: জরুরি অনুরোধ (${choiceLabel(EMERGENCY_TYPES, type, 'bn')})`,
      body: `Clean Care: ${minutes} মিনিটেও কোনো কর্মকর্তা জরুরি অনুরোধটি গ্রহণ করেননি। স্থান: ${location}।`,
    }),
    ({ type, location, minutes }) => ({
      title: `No response: emergency (${choiceLabel(EMERGENCY_TYPES, type, 'en')})`,
      body: `Clean Care: no staff member accepted an emergency request within ${minutes} minutes. Location: ${location}.`,
    }),
  ),

  // --- waste management -------------------------------------------------------------------------
  wasteScheduleChanged: bilingual<WasteScheduleParams>(
    (p) => ({
      title: { created: 'বর্জ্য সংগ্রহের নতুন সময়সূচি', updated: 'বর্জ্য সংগ্রহের সময়সূচি পরিবর্তন', deleted: 'বর্জ্য সংগ্রহের সময়সূচি বন্ধ' }[
        p.change
      ],
      body: `${{ created: 'আপনার ওয়ার্ডে নতুন সময়সূচি', updated: 'আপনার ওয়ার্ডের সময়সূচি এখন', deleted: 'আপনার ওয়ার্ডের এই সময়সূচি আর চালু নেই' }[p.change]}: ${scheduleText(p, 'bn')}।`,
    }),
    (p) => ({
      title: {
        created: 'New waste collection schedule',
        updated: 'Waste collection schedule changed',
        deleted: 'Waste collection schedule stopped',
      }[p.change],
      body: `${{ created: 'New schedule in your ward', updated: "Your ward's schedule is now", deleted: 'This schedule of your ward has stopped' }[p.change]}: ${scheduleText(p, 'en')}.`,
    }),
  ),
  pickupAssigned: bilingual<{ wasteType: string; address: string; preferredDate: string }>(
    ({ wasteType, address, preferredDate }) => ({
      title: 'নতুন বিশেষ বর্জ্য সংগ্রহের অনুরোধ',
      body: `${choiceLabel(WASTE_TYPES, wasteType, 'bn')}, ${address}, পছন্দের তারিখ ${preferredDate}।`,
    }),
    ({ wasteType, address, preferredDate }) => ({
      title: 'New special pickup request',
      body: `${choiceLabel(WASTE_TYPES, wasteType, 'en')}, ${address}, preferred date ${preferredDate}.`,
    }),
  ),
  pickupStatusChanged: bilingual<{ wasteType: string; status: string; date: string | null }>(
    ({ wasteType, status, date }) => ({
      title: `বিশেষ বর্জ্য সংগ্রহ: ${choiceLabel(PICKUP_STATUSES, status, 'bn')}`,
      body: `Clean Care: আপনার ${choiceLabel(WASTE_TYPES, wasteType, 'bn')} সংগ্রহের অনুরোধ এখন "${choiceLabel(PICKUP_STATUSES, status, 'bn')}"${date ? `, তারিখ ${date}` : ''}।`,
    }),
    ({ wasteType, status, date }) => ({
      title: `Special pickup: ${choiceLabel(PICKUP_STATUSES, status, 'en')}`,
      body: `Clean Care: your ${choiceLabel(WASTE_TYPES, wasteType, 'en')} pickup request is now "${choiceLabel(PICKUP_STATUSES, status, 'en')}"${date ? `, date ${date}` : ''}.`,
    }),
  ),
  pickupCancelledByRequester: bilingual<{ wasteType: string; address: string }>(
    ({ wasteType, address }) => ({
      title: 'বিশেষ বর্জ্য সংগ্রহের অনুরোধ বাতিল',
      body: `নাগরিক অনুরোধটি বাতিল করেছেন: ${choiceLabel(WASTE_TYPES, wasteType, 'bn')}, ${address}।`,
    }),
    ({ wasteType, address }) => ({
      title: 'Special pickup request cancelled',
      body: `The citizen cancelled the request: ${choiceLabel(WASTE_TYPES, wasteType, 'en')}, ${address}.`,
    }),
  ),
  /** A staff reply in a chat, pushed to the citizen's phone. */
  chatMessage: bilingual<{ sender: string; excerpt: string }>(
    ({ sender, excerpt }) => ({ title: `${sender} থেকে নতুন বার্তা`, body: excerpt || 'একটি ফাইল পাঠানো হয়েছে।' }),
    ({ sender, excerpt }) => ({ title: `New message from ${sender}`, body: excerpt || 'A file was sent.' }),
  ),
  /** A requested dashboard report was built (ok) or could not be (not ok). */
  dashboardReport: bilingual<{ ok: boolean; period: string; format: string; from: string; to: string }>(
    ({ ok, period, format, from, to }) => ({
      title: ok ? 'রিপোর্ট প্রস্তুত' : 'রিপোর্ট তৈরি করা যায়নি',
      body: ok
        ? `আপনার ${choiceLabel(REPORT_PERIODS, period, 'bn')} রিপোর্ট (${from} – ${to}, ${format.toUpperCase()}) ডাউনলোডের জন্য প্রস্তুত।`
        : `আপনার ${choiceLabel(REPORT_PERIODS, period, 'bn')} রিপোর্ট (${from} – ${to}) তৈরি করা যায়নি। অনুগ্রহ করে আবার চেষ্টা করুন।`,
    }),
    ({ ok, period, format, from, to }) => ({
      title: ok ? 'Report ready' : 'Report failed',
      body: ok
        ? `Your ${choiceLabel(REPORT_PERIODS, period, 'en').toLowerCase()} report (${from} to ${to}, ${format.toUpperCase()}) is ready to download.`
        : `Your ${choiceLabel(REPORT_PERIODS, period, 'en').toLowerCase()} report (${from} to ${to}) could not be built. Please ask for it again.`,
    }),
  ),
} as const;

interface WasteScheduleParams {
  change: 'created' | 'updated' | 'deleted';
  wasteTypes: string[];
  weekdays: number[];
  startTime: string;
  endTime: string;
}

/** "রবিবার, বুধবার 07:00–09:00 (গৃহস্থালি বর্জ্য)" */
function scheduleText(p: WasteScheduleParams, language: Language): string {
  const days = [...p.weekdays]
    .sort((a, b) => a - b)
    .map((d) => choiceLabel(WEEKDAYS, String(d), language))
    .join(', ');
  const types = p.wasteTypes.map((t) => choiceLabel(WASTE_TYPES, t, language)).join(', ');
  return `${days} ${p.startTime}–${p.endTime} (${types})`;
}

export type TemplateName = keyof typeof TEMPLATES;
export type TemplateParams<N extends TemplateName> = Parameters<(typeof TEMPLATES)[N]['bn']>[0];

/** A template and its parameters, type-checked together: `{ name: 'urgentNotice', params: {...} }`. */
export type TemplateCall = { [N in TemplateName]: { name: N; params: TemplateParams<N> } }[TemplateName];

export function render<N extends TemplateName>(
  name: N,
  language: Language | undefined,
  params: TemplateParams<N>,
): { title: string; body: string } {
  const template = TEMPLATES[name][language ?? 'bn'] as Template<typeof params>;
  return template(params);
}

/** Renders `{ name, params }` in `language`. */
export function renderCall(call: TemplateCall, language: Language | undefined): { title: string; body: string } {
  return render(call.name, language, call.params);
}

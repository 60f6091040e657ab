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
} as const;

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

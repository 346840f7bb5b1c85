/** Every user-facing sentence exists in Vietnamese (default) and English. */
export type Lang = 'vi' | 'en';
export interface Msg {
  vi: string;
  en: string;
}

export function msg(vi: string, en: string): Msg {
  return { vi, en };
}

export function tr(lang: Lang, m: Msg): string {
  return m[lang];
}

export function isLang(s: string): s is Lang {
  return s === 'vi' || s === 'en';
}

// Language (English / Japanese, kept in localStorage), the dictionary lookup, and formatting of
// times (the user's own time zone), numbers and bytes. Data values are never translated.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type Key } from './en';
import { ja } from './ja';

export type Lang = 'en' | 'ja';
export type { Key };
const DICTS: Record<Lang, Record<Key, string>> = { en, ja };
const STORAGE_KEY = 'mamori.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'ja') return saved;
  } catch {
    // storage may be blocked: fall back to the browser's language
  }
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  /** the text for a key, with {name} placeholders filled in */
  t(key: Key, vars?: Record<string, string | number>): string;
  /** the current language's half of a bilingual text from the server */
  bi(text: { en: string; ja: string } | undefined): string;
  time(epochSeconds: number | undefined): string;
  num(n: number | undefined): string;
}

const Ctx = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // not persisted: the choice still holds for this tab
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const dict = DICTS[lang];
    const locale = lang === 'ja' ? 'ja-JP' : 'en-GB';
    // no timeZone option: the browser's own zone, which is the user's
    const dtf = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    const nf = new Intl.NumberFormat(locale);
    return {
      lang,
      setLang,
      t: (key, vars) => {
        const s = dict[key] ?? en[key] ?? key;
        return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
      },
      bi: (text) => (text ? (text[lang] || text.en || '') : ''),
      time: (t) => (t === undefined || !Number.isFinite(t) ? '—' : dtf.format(new Date(t * 1000))),
      num: (n) => (n === undefined || !Number.isFinite(n) ? '—' : nf.format(n)),
    };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** 1536 → "1.5 KB" (binary units, as traffic tools show them) */
export function bytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** epoch seconds → the value of an <input type="datetime-local"> in the user's zone */
export function toLocalInput(t: number | undefined): string {
  if (t === undefined) return '';
  const d = new Date(t * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function fromLocalInput(s: string): number | undefined {
  if (!s) return undefined;
  const t = new Date(s).getTime();
  return Number.isFinite(t) ? Math.floor(t / 1000) : undefined;
}

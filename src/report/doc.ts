// The report as data: a title, a few facts and sections of paragraphs, lists, tables, label/value
// pairs and charts. Builders (incident, period) write one of these per language; the renderers
// (HTML, text; PDF prints the HTML) format it, each escaping values for its own medium, so no
// builder ever writes markup.

export type Lang = 'en' | 'ja';

export interface Fact {
  label: string;
  value: string;
}

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  /** numbered questions with their answers (the investigation process) */
  | { kind: 'steps'; items: { question: string; answer: string }[] }
  | { kind: 'table'; headers: string[]; rows: string[][]; /** right-align these columns (numbers) */ numeric?: number[] }
  | { kind: 'facts'; facts: Fact[] }
  /** a sub-section: one breach's details, one incident of a day */
  | { kind: 'group'; heading: string; blocks: Block[] }
  | { kind: 'chart'; chart: BarChart };

export interface Section {
  id: string;
  heading: string;
  blocks: Block[];
}

/** Bars, stacked by series when there are several (incidents per day by level). */
export interface BarChart {
  title: string;
  /** one label per bar */
  labels: string[];
  series: { name: string; values: number[]; color: string }[];
  /** horizontal bars suit long labels (models, devices) */
  horizontal?: boolean;
}

export interface ReportDoc {
  lang: Lang;
  /** what kind of report: 'Incident report' / 'インシデントレポート' */
  kind: string;
  title: string;
  /** alert level 0–3 of an incident report: colours the banner */
  level?: 0 | 1 | 2 | 3;
  facts: Fact[];
  sections: Section[];
  /** the closing line: who made it and when */
  footer: string;
}

// Reports: an incident in English or Japanese (title, summary, timeline, devices, destinations,
// the details of each breach, the investigation process, recommended actions), the daily or
// any-period report and the monthly summary with charts, as HTML, plain text or PDF (headless
// Chromium), from what "mamori analyze --db" stored.
export type { Block, Lang, ReportDoc, Section } from './doc.js';
export { loadEvidence, type BreachEvidence } from './evidence.js';
export { incidentReport, type IncidentReportInput } from './incident-report.js';
export { loadIncident, loadPeriod, recentIncidents } from './load.js';
export { findChromium, htmlToPdf, INSTALL_HINT, ReportError } from './pdf.js';
export { periodReport, type PeriodKind, type PeriodReportInput } from './period-report.js';
export { renderHtml } from './html.js';
export { renderText } from './text.js';

// Building notifications: one per incident and alert level (a raised level is news, the same level
// again is not), one per breach, and system events. Ids are derived from what is notified, so
// raising the same alert twice (a re-run, a restart) queues it once.
import type { Breach } from '../schema/breach.js';
import type { AlertLevel, Incident } from '../schema/incident.js';
import type { Notification, SystemEvent } from './types.js';

const nowSeconds = () => Date.now() / 1000;

export function incidentNotification(incident: Incident, created = nowSeconds()): Notification {
  return { kind: 'incident', id: `incident/${incident.id}/level-${incident.level}`, level: incident.level, created, incident };
}

/**
 * A breach's alert level when it is notified on its own (incidents have their own): from its score,
 * 90+ urgent, 70+ investigate, 40+ watch. The analyst stage may pass a level it decided instead.
 */
export function breachLevel(breach: Pick<Breach, 'score'>): AlertLevel {
  return breach.score >= 90 ? 3 : breach.score >= 70 ? 2 : breach.score >= 40 ? 1 : 0;
}

export function breachNotification(breach: Breach, options: { level?: AlertLevel; created?: number } = {}): Notification {
  return { kind: 'breach', id: `breach/${breach.id}`, level: options.level ?? breachLevel(breach), created: options.created ?? nowSeconds(), breach };
}

export function systemNotification(event: SystemEvent, level: AlertLevel = 1, created = nowSeconds()): Notification {
  return { kind: 'system', id: `system/${event.code}/${Math.round(event.time * 1000)}`, level, created, system: event };
}

/** What `mamori notify test` sends: a system message that says it is a test. */
export function testNotification(now = nowSeconds()): Notification {
  return systemNotification(
    {
      code: 'test',
      time: now,
      title: { en: 'Test notification', ja: 'テスト通知' },
      text: {
        en: 'This is a test message from Mamori. If you can read it, this channel delivers alerts. No action is needed.',
        ja: 'Mamori からのテスト送信です。このメッセージが届いていれば、この通知先へのアラート配信は正常です。対応は不要です。',
      },
    },
    0,
    now,
  );
}

// `analyze --notify <config>`: the incidents of a run go through the configured channels (routing by
// level), by way of the outbox. With --db the outbox is the database's, so what a receiver could not
// take now is delivered by the next run or by `mamori run`; without, it lives for this run only.
import { buildNotifiers, Dispatcher, incidentNotification, loadNotifyConfig } from '../notify/index.js';
import type { Incident } from '../schema/incident.js';
import { openStore, type Store } from '../store/index.js';

/** How long a batch run waits for deliveries before it leaves the rest to the outbox. */
export const NOTIFY_WAIT_MS = 30_000;

export async function notifyIncidents(configPath: string, incidents: readonly Incident[], store: Store | undefined): Promise<string> {
  const config = loadNotifyConfig(configPath);
  const own = store ? undefined : await openStore({});
  try {
    const dispatcher = Dispatcher.fromConfig(config, (store ?? own!).state, buildNotifiers(config));
    await dispatcher.start();
    let queued = 0;
    for (const i of incidents) if ((await dispatcher.notify(incidentNotification(i))).length) queued++;
    await Promise.race([dispatcher.whenIdle(), new Promise((r) => setTimeout(r, NOTIFY_WAIT_MS).unref())]);
    await dispatcher.stop();
    const c = dispatcher.counts();
    const later = c.pending ? (store ? ` (kept in the database's outbox: the next run delivers them)` : ' (lost when this run ends: give --db to keep them)') : '';
    return `notifications: ${queued} incident(s) queued; deliveries ${c.delivered} done, ${c.pending} pending${later}, ${c.failed} failed`;
  } finally {
    await own?.close();
  }
}

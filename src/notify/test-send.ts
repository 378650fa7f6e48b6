// `mamori notify test`: one test notification through each notifier, directly (not through the
// outbox: the point is to see at once whether each channel works), with the result and time taken.
import { testNotification } from './notification.js';
import type { Notifier, SendResult } from './types.js';

export interface TestSendResult {
  name: string;
  where: string;
  result: SendResult;
  ms: number;
}

export async function sendTestNotification(notifiers: readonly Notifier[], now = Date.now() / 1000): Promise<TestSendResult[]> {
  const message = testNotification(now);
  try {
    return await Promise.all(
      notifiers.map(async (n) => {
        const t0 = performance.now();
        const result = await n.send(message);
        return { name: n.name, where: n.describe(), result, ms: Math.round(performance.now() - t0) };
      }),
    );
  } finally {
    await Promise.all(notifiers.map((n) => n.close().catch(() => undefined)));
  }
}
